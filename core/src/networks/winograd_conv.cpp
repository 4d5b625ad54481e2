// SPDX-License-Identifier: GPL-3.0-or-later
#include "winograd_conv.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "gaplab/error.h"
#include "kernel_isa.h"

namespace gaplab {

namespace {

// Where the tiles are: images of height x width pixels with `channels`
// channels, channels-last, cut into tilesY x tilesX tiles of MxM outputs;
// tile t counts (image, tile row, tile column) in that order. pooled: a 2x2
// floor-mode max-pool follows, taken per tile.
struct WinoGeometry {
  int64_t height, width, channels, tilesY, tilesX;
  bool pooled;
};

#define GAPLAB_KERNELS_FILE "winograd_conv_kernels.inc"
#include "kernel_builds.inc"
#undef GAPLAB_KERNELS_FILE

constexpr int64_t kLanes = kernels_default::kWinoLanes;
// A multiple of every build's rows per block (12, 6, 3).
constexpr int64_t kRowQuantum = 12;

// Tiles per chunk: the chunk's transformed inputs and products (S^2 floats
// per tile and channel each) fit in about 384 KiB, within a core's L2 cache.
int64_t tilesPerChunk(int positions, int64_t in, int64_t paddedOut) {
  const int64_t budget = 96 * 1024 / (positions * (in + paddedOut));
  return std::clamp<int64_t>(budget / kRowQuantum * kRowQuantum, kRowQuantum, 16 * kRowQuantum);
}

// Tiles of MxM outputs along a side of `size` convolution outputs; pooled,
// only the outputs under a whole pool window count.
int64_t tilesAlong(int64_t size, bool pooled, int tile) {
  const int64_t needed = pooled ? size / 2 * 2 : size;
  return (needed + tile - 1) / tile;
}

// The transforms of F(MxM, 3x3) in double: B^T [S x S], G [S x 3], A^T [M x S].
struct WinogradMatrices {
  torch::Tensor inputT, kernel, outputT;
};

WinogradMatrices matricesFor(int tile) {
  const auto matrix = [](std::vector<double> values, int64_t rows) {
    const int64_t columns = static_cast<int64_t>(values.size()) / rows;
    return torch::tensor(values, torch::kDouble).view({rows, columns});
  };
  if (tile == 2)
    return {matrix({1, 0, -1, 0, 0, 1, 1, 0, 0, -1, 1, 0, 0, 1, 0, -1}, 4),
            matrix({1, 0, 0, 0.5, 0.5, 0.5, 0.5, -0.5, 0.5, 0, 0, 1}, 4), matrix({1, 1, 1, 0, 0, 1, -1, -1}, 2)};
  return {matrix({4, 0, -5, 0, 1, 0,    //
                  0, -4, -4, 1, 1, 0,   //
                  0, 4, -4, -1, 1, 0,   //
                  0, -2, -1, 2, 1, 0,   //
                  0, 2, -1, -2, 1, 0,   //
                  0, 4, 0, -5, 0, 1},
                 6),
          matrix({1.0 / 4, 0, 0,              //
                  -1.0 / 6, -1.0 / 6, -1.0 / 6,  //
                  -1.0 / 6, 1.0 / 6, -1.0 / 6,   //
                  1.0 / 24, 1.0 / 12, 1.0 / 6,   //
                  1.0 / 24, -1.0 / 12, 1.0 / 6,  //
                  0, 0, 1},
                 6),
          matrix({1, 1, 1, 1, 1, 0,   //
                  0, 1, -1, 2, -2, 0,  //
                  0, 1, 1, 4, 4, 0,    //
                  0, 1, -1, 8, -8, 1},
                 4)};
}

// U = G g G^T per kernel, in double, rounded once to float, as
// [S^2 positions][out blocks of 16][in][16], zeros past `out`.
torch::Tensor transformKernels(const torch::Tensor& weight, int tile, int64_t paddedOut) {
  const auto G = matricesFor(tile).kernel;
  const int64_t out = weight.size(0), in = weight.size(1), positions = G.size(0) * G.size(0);
  const auto u = torch::matmul(torch::matmul(G, weight.detach().to(torch::kDouble)), G.t()).to(torch::kFloat);
  auto byPosition = torch::zeros({positions, in, paddedOut}, torch::kFloat);
  byPosition.narrow(2, 0, out).copy_(u.permute({2, 3, 1, 0}).reshape({positions, in, out}));
  return byPosition.view({positions, in, paddedOut / kLanes, kLanes}).permute({0, 2, 1, 3}).contiguous();
}

}  // namespace

bool winogradTakes(int64_t inChannels, int64_t kernel, int64_t stride, int64_t padding, int64_t dilation,
                   int64_t groups) {
  return inChannels >= 8 && kernel == 3 && stride == 1 && padding == 1 && dilation == 1 && groups == 1;
}

int winogradTileFor(int64_t height, int64_t width, bool pooled) {
  // Products per input and output channel: tiles x S^2. The transforms cost
  // about the same per output either way; on a tie F(2x2) rounds less.
  const auto products = [&](int tile) {
    return tilesAlong(height, pooled, tile) * tilesAlong(width, pooled, tile) * (tile + 2) * (tile + 2);
  };
  return products(4) < products(2) ? 4 : 2;
}

torch::Tensor winogradMagnitudeBound(const torch::Tensor& absInput, const torch::Tensor& absWeight,
                                     const torch::Tensor& absBias, int tile) {
  // The pass's own steps with every matrix entry, kernel and input taken
  // by magnitude: each output's sum of |terms| as the pass expands it.
  const auto m = matricesFor(tile);
  const auto inputT = m.inputT.abs(), kernel = m.kernel.abs(), outputT = m.outputT.abs();
  const int64_t size = tile + 2, H = absInput.size(2), W = absInput.size(3);
  const int64_t tilesY = (H + tile - 1) / tile, tilesX = (W + tile - 1) / tile;
  const auto padded = torch::constant_pad_nd(absInput.to(torch::kDouble),
                                             {1, tilesX * tile + 1 - W, 1, tilesY * tile + 1 - H});
  const auto blocks = padded.unfold(2, size, tile).unfold(3, size, tile);  // [N, in, tY, tX, S, S]
  const auto v = torch::einsum("ki,nctxij,lj->nctxkl", {inputT, blocks, inputT});
  const auto u = torch::einsum("ka,ocab,lb->ockl", {kernel, absWeight.to(torch::kDouble), kernel});
  const auto products = torch::einsum("nctxkl,ockl->notxkl", {v, u});
  const auto y = torch::einsum("ik,notxkl,jl->notixj", {outputT, products, outputT});
  const int64_t N = absInput.size(0), out = absWeight.size(0);
  return y.reshape({N, out, tilesY * tile, tilesX * tile}).narrow(2, 0, H).narrow(3, 0, W) +
         absBias.to(torch::kDouble).view({1, -1, 1, 1});
}

std::optional<WinogradConv> WinogradConv::build(const torch::Tensor& weight, const torch::Tensor& bias,
                                                const ConvTail& tail) {
  if (weight.dim() != 4 || weight.scalar_type() != torch::kFloat || weight.size(2) != 3 || weight.size(3) != 3 ||
      !winogradTakes(weight.size(1), 3, 1, 1, 1, 1))
    return std::nullopt;
  if (tail.pooled() && !tail.halvingPool()) return std::nullopt;
  torch::NoGradGuard noGrad;
  WinogradConv conv;
  conv.out_ = weight.size(0);
  conv.in_ = weight.size(1);
  conv.paddedOut_ = (conv.out_ + kLanes - 1) / kLanes * kLanes;
  conv.pooled_ = tail.pooled();
  conv.tail_ = TailTensors::build(bias, conv.out_, conv.paddedOut_, tail);
  if (!conv.tail_) return std::nullopt;
  conv.transformed2_ = transformKernels(weight, 2, conv.paddedOut_);
  conv.transformed4_ = transformKernels(weight, 4, conv.paddedOut_);
  return conv;
}

torch::Tensor WinogradConv::forward(const torch::Tensor& input, int tile) const {
  if (input.dim() != 4 || input.scalar_type() != torch::kFloat || input.size(1) != in_)
    throw Error("winograd convolution: needs a float [N, " + std::to_string(in_) + ", H, W] input");
  const auto x = input.contiguous(torch::MemoryFormat::ChannelsLast);
  const int64_t N = x.size(0), H = x.size(2), W = x.size(3);
  const bool pooled = pooled_;
  if (tile == 0) tile = winogradTileFor(H, W, pooled);
  if (tile != 2 && tile != 4)
    throw Error("winograd convolution: tiles of 2x2 or 4x4 outputs, not " + std::to_string(tile));
  const int positions = (tile + 2) * (tile + 2);
  const int64_t tilesY = tilesAlong(H, pooled, tile), tilesX = tilesAlong(W, pooled, tile);
  auto out = torch::empty({N, out_, pooled ? H / 2 : H, pooled ? W / 2 : W},
                          x.options().memory_format(torch::MemoryFormat::ChannelsLast));
  const int64_t tiles = N * tilesY * tilesX;
  if (tiles == 0) return out;
  const int64_t chunk = tilesPerChunk(positions, in_, paddedOut_), chunks = (tiles + chunk - 1) / chunk;
  const float *in = x.data_ptr<float>(), *u = (tile == 2 ? transformed2_ : transformed4_).data_ptr<float>();
  float* y = out.data_ptr<float>();
  const WinoGeometry geometry{H, W, in_, tilesY, tilesX, pooled};
  const auto tail = tail_->kernel();
  const auto isa = kernelBuildToRun();
  at::parallel_for(0, chunks, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> v(positions * chunk * in_), m(positions * chunk * paddedOut_), zeros(in_);
    for (int64_t c = begin; c < end; ++c) {
      const int64_t first = c * chunk, count = std::min(chunk, tiles - first);
      if (tile == 2)
        GAPLAB_KERNEL_CALL(isa, winoChunk<2>(in, geometry, u, paddedOut_, out_, tail, first, count, chunk,
                                             zeros.data(), v.data(), m.data(), y));
      else
        GAPLAB_KERNEL_CALL(isa, winoChunk<4>(in, geometry, u, paddedOut_, out_, tail, first, count, chunk,
                                             zeros.data(), v.data(), m.data(), y));
    }
  });
  return out;
}

}  // namespace gaplab
