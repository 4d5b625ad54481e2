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
// channels, channels-last, cut into tilesY x tilesX tiles of 2x2 outputs;
// tile t counts (image, tile row, tile column) in that order.
struct WinoGeometry {
  int64_t height, width, channels, tilesY, tilesX;
};

#define GAPLAB_KERNELS_FILE "winograd_conv_kernels.inc"
#include "kernel_builds.inc"
#undef GAPLAB_KERNELS_FILE

constexpr int64_t kLanes = kernels_default::kWinoLanes;
// A multiple of every build's rows per block (12, 6, 3).
constexpr int64_t kRowQuantum = 12;

// Tiles per chunk: the chunk's transformed inputs and products (16 floats
// per tile and channel each) fit in about 384 KiB, within a core's L2 cache.
int64_t tilesPerChunk(int64_t in, int64_t paddedOut) {
  const int64_t budget = 96 * 1024 / (16 * (in + paddedOut));
  return std::clamp<int64_t>(budget / kRowQuantum * kRowQuantum, kRowQuantum, 16 * kRowQuantum);
}

}  // namespace

bool winogradTakes(int64_t inChannels, int64_t kernel, int64_t stride, int64_t padding, int64_t dilation,
                   int64_t groups) {
  return inChannels >= 8 && kernel == 3 && stride == 1 && padding == 1 && dilation == 1 && groups == 1;
}

torch::Tensor winogradMagnitudeBound(const torch::Tensor& absInput, const torch::Tensor& absWeight,
                                     const torch::Tensor& absBias) {
  // Expanded, each output of F(2x2, 3x3) sums products g[a][b] * d[p][q] of
  // its tile's 4x4 inputs with every kernel entry, each with a coefficient of
  // magnitude at most 4 once every step's terms count positive; the tile lies
  // within the 5x5 window around the output.
  const auto perPair = 4.0 * absWeight.sum({2, 3}, true);
  return torch::conv2d(absInput, perPair.expand({-1, -1, 5, 5}).contiguous(), absBias, 1, 2);
}

std::optional<WinogradConv> WinogradConv::build(const torch::Tensor& weight, const torch::Tensor& bias,
                                                const ConvTail& tail) {
  if (weight.dim() != 4 || weight.scalar_type() != torch::kFloat || weight.size(2) != 3 || weight.size(3) != 3 ||
      !winogradTakes(weight.size(1), 3, 1, 1, 1, 1))
    return std::nullopt;
  const int64_t out = weight.size(0);
  if (tail.pooled() && !tail.halvingPool()) return std::nullopt;
  torch::NoGradGuard noGrad;
  WinogradConv conv;
  conv.out_ = out;
  conv.in_ = weight.size(1);
  conv.paddedOut_ = (conv.out_ + kLanes - 1) / kLanes * kLanes;
  conv.pooled_ = tail.pooled();
  conv.tail_ = TailTensors::build(bias, out, conv.paddedOut_, tail);
  if (!conv.tail_) return std::nullopt;
  // U = G g G^T in double, rounded once to float.
  const auto G = torch::tensor({1.0, 0.0, 0.0, 0.5, 0.5, 0.5, 0.5, -0.5, 0.5, 0.0, 0.0, 1.0}, torch::kDouble).view({4, 3});
  const auto u = torch::matmul(torch::matmul(G, weight.detach().to(torch::kDouble)), G.t()).to(torch::kFloat);
  auto positions = torch::zeros({16, conv.in_, conv.paddedOut_}, torch::kFloat);
  positions.narrow(2, 0, conv.out_).copy_(u.permute({2, 3, 1, 0}).reshape({16, conv.in_, conv.out_}));
  conv.transformed_ =
      positions.view({16, conv.in_, conv.paddedOut_ / kLanes, kLanes}).permute({0, 2, 1, 3}).contiguous();
  return conv;
}

torch::Tensor WinogradConv::forward(const torch::Tensor& input) const {
  if (input.dim() != 4 || input.scalar_type() != torch::kFloat || input.size(1) != in_)
    throw Error("winograd convolution: needs a float [N, " + std::to_string(in_) + ", H, W] input");
  const auto x = input.contiguous(torch::MemoryFormat::ChannelsLast);
  const int64_t N = x.size(0), H = x.size(2), W = x.size(3);
  const bool pooled = pooled_;
  // Pooled, only the tiles under a whole pool window count.
  const int64_t tilesY = pooled ? H / 2 : (H + 1) / 2, tilesX = pooled ? W / 2 : (W + 1) / 2;
  auto out = torch::empty({N, out_, pooled ? H / 2 : H, pooled ? W / 2 : W},
                          x.options().memory_format(torch::MemoryFormat::ChannelsLast));
  const int64_t tiles = N * tilesY * tilesX;
  if (tiles == 0) return out;
  const int64_t chunk = tilesPerChunk(in_, paddedOut_), chunks = (tiles + chunk - 1) / chunk;
  const float *in = x.data_ptr<float>(), *u = transformed_.data_ptr<float>();
  float* y = out.data_ptr<float>();
  const WinoGeometry geometry{H, W, in_, tilesY, tilesX};
  const auto tail = tail_->kernel();
  // Off means "no fused passes": a Winograd pass that runs anyway takes the baseline build.
  const auto isa = kernelIsa() == KernelIsa::Off ? KernelIsa::Default : kernelIsa();
  at::parallel_for(0, chunks, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> v(16 * chunk * in_), m(16 * chunk * paddedOut_), zeros(in_);
    for (int64_t c = begin; c < end; ++c) {
      const int64_t first = c * chunk, count = std::min(chunk, tiles - first);
      GAPLAB_KERNEL_CALL(isa, winoChunk(in, geometry, u, paddedOut_, out_, tail, first, count, chunk, zeros.data(),
                                        v.data(), m.data(), y));
    }
  });
  return out;
}

}  // namespace gaplab
