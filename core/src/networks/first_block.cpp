// SPDX-License-Identifier: GPL-3.0-or-later
#include "first_block.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "gaplab/error.h"
#include "kernel_isa.h"
#include "pool_window.h"

namespace gaplab {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Output channels go through the kernels in groups of kLanes: one AVX-512
// register of floats, or two AVX2 ones.
constexpr int64_t kLanes = 16;
constexpr int64_t kMaxPatch =
    (FirstBlock::kMaxInChannels * (FirstBlock::kMaxKernel + 1) * (FirstBlock::kMaxKernel + 1) + kLanes - 1) / kLanes * kLanes;

struct Geometry {
  int64_t in, out, kernel, padding, height, width, pooledHeight, pooledWidth;
  int64_t side() const { return kernel + 1; }  // the input patch under one pool window
  int64_t patch() const { return in * side() * side(); }
  int64_t paddedPatch() const { return (patch() + kLanes - 1) / kLanes * kLanes; }  // whole groups of lanes
  int64_t groups() const { return (out + kLanes - 1) / kLanes; }
  // The image with its zero border: every patch lies inside, no bounds checks.
  int64_t paddedHeight() const { return height + 2 * padding; }
  int64_t paddedWidth() const { return width + 2 * padding; }
  int64_t paddedSize() const { return in * paddedHeight() * paddedWidth(); }
};

// One image. x: [in][H][W]; out and code: [Ho][Wo][out]; padded: scratch of
// paddedSize(). The four convolution outputs of each window are summed in
// registers, kLanes channels at a time; max_pool2d's rule picks the winner
// (pool_window.h).
GAPLAB_KERNEL_INLINE void forwardImage(
    const Geometry& g, const float* __restrict x, const float* __restrict weights, const float* __restrict bias,
    const float* __restrict scale, const float* __restrict shift, float* __restrict out, std::uint8_t* __restrict code,
    float* __restrict padded) {
  const int64_t ph = g.paddedHeight(), pw = g.paddedWidth(), taps = g.kernel * g.kernel;
  std::fill(padded, padded + g.paddedSize(), 0.0f);
  for (int64_t ci = 0; ci < g.in; ++ci)
    for (int64_t row = 0; row < g.height; ++row)
      std::copy(x + (ci * g.height + row) * g.width, x + (ci * g.height + row + 1) * g.width,
                padded + (ci * ph + row + g.padding) * pw + g.padding);
  for (int64_t i = 0; i < g.pooledHeight; ++i)
    for (int64_t j = 0; j < g.pooledWidth; ++j) {
      const int64_t cell = (i * g.pooledWidth + j) * g.out;
      for (int64_t group = 0; group < g.groups(); ++group) {
        const float* w = weights + group * g.in * taps * kLanes;
        const int64_t first = group * kLanes;
        // Four independent sums per tap: the window's cells do not wait on each other.
        float v[4][kLanes];
        for (int ab = 0; ab < 4; ++ab)
          for (int64_t l = 0; l < kLanes; ++l) v[ab][l] = bias[first + l];
        for (int64_t ci = 0; ci < g.in; ++ci)
          for (int64_t ki = 0; ki < g.kernel; ++ki)
            for (int64_t kj = 0; kj < g.kernel; ++kj) {
              const float* tap = w + ((ci * g.kernel + ki) * g.kernel + kj) * kLanes;
              const float* at = padded + (ci * ph + 2 * i + ki) * pw + 2 * j + kj;
              const float x00 = at[0], x01 = at[1], x10 = at[pw], x11 = at[pw + 1];
              for (int64_t l = 0; l < kLanes; ++l) {
                v[0][l] += x00 * tap[l];
                v[1][l] += x01 * tap[l];
                v[2][l] += x10 * tap[l];
                v[3][l] += x11 * tap[l];
              }
            }
        float result[kLanes];
        std::int32_t won[kLanes];
        for (int64_t l = 0; l < kLanes; ++l) {
          float best = v[0][l];
          std::int32_t index = 0;
          for (std::int32_t ab = 1; ab < 4; ++ab) takeIfWins(v[ab][l], ab, best, index);
          result[l] = reluOf(best) * scale[first + l] + shift[first + l];
          won[l] = codeOf(best, index);
        }
        if (first + kLanes <= g.out) {
          for (int64_t l = 0; l < kLanes; ++l) out[cell + first + l] = result[l];
          for (int64_t l = 0; l < kLanes; ++l) code[cell + first + l] = static_cast<std::uint8_t>(won[l]);
        } else {
          for (int64_t l = 0; l < g.out - first; ++l) {
            out[cell + first + l] = result[l];
            code[cell + first + l] = static_cast<std::uint8_t>(won[l]);
          }
        }
      }
    }
}

// One image's input gradient. grad and code: [Ho][Wo][out]; weights:
// [4][out][paddedPatch()], each channel's kernel placed at each window offset
// in the patch; gradX: [in][H][W]; padded: scratch of paddedSize(). Only the
// winning cell of each window had a gradient, so each channel adds one kernel
// to the patch. The patch is summed kLanes floats at a time in four
// registers (channels c mod 4), so that the additions do not wait on each
// other.
GAPLAB_KERNEL_INLINE void backwardImage(
    const Geometry& g, const float* __restrict grad, const std::uint8_t* __restrict code,
    const float* __restrict scale, const float* __restrict weights, float* __restrict gradX,
    float* __restrict padded) {
  const int64_t side = g.side(), size = g.paddedPatch(), ph = g.paddedHeight(), pw = g.paddedWidth();
  std::fill(padded, padded + g.paddedSize(), 0.0f);
  float patch[kMaxPatch];
  for (int64_t i = 0; i < g.pooledHeight; ++i)
    for (int64_t j = 0; j < g.pooledWidth; ++j) {
      const int64_t cell = (i * g.pooledWidth + j) * g.out;
      for (int64_t chunk = 0; chunk < size; chunk += kLanes) {
        float sums[4][kLanes] = {};
        for (int64_t c = 0; c < g.out; ++c) {
          // Without branches: a cut window adds its kernel times zero.
          const std::uint8_t won = code[cell + c];
          const bool cut = won == kCut;
          const float gv = cut ? 0.0f : grad[cell + c] * scale[c];
          const float* w = weights + ((cut ? 0 : won) * g.out + c) * size + chunk;
          float* sum = sums[c % 4];
          for (int64_t l = 0; l < kLanes; ++l) sum[l] += gv * w[l];
        }
        for (int64_t l = 0; l < kLanes; ++l) patch[chunk + l] = (sums[0][l] + sums[1][l]) + (sums[2][l] + sums[3][l]);
      }
      for (int64_t ci = 0; ci < g.in; ++ci)
        for (int64_t y = 0; y < side; ++y) {
          float* at = padded + (ci * ph + 2 * i + y) * pw + 2 * j;
          const float* from = patch + (ci * side + y) * side;
          for (int64_t k = 0; k < side; ++k) at[k] += from[k];
        }
    }
  for (int64_t ci = 0; ci < g.in; ++ci)
    for (int64_t row = 0; row < g.height; ++row) {
      const float* from = padded + (ci * ph + row + g.padding) * pw + g.padding;
      std::copy(from, from + g.width, gradX + (ci * g.height + row) * g.width);
    }
}

Geometry geometryOf(const FirstBlockShape& shape, int64_t height, int64_t width) {
  Geometry g{shape.inChannels, shape.outChannels, shape.kernel, shape.padding, height, width, 0, 0};
  g.pooledHeight = (height + 2 * g.padding - g.kernel + 1) / 2;
  g.pooledWidth = (width + 2 * g.padding - g.kernel + 1) / 2;
  if (g.pooledHeight < 1 || g.pooledWidth < 1)
    throw Error("first block: a " + std::to_string(height) + "x" + std::to_string(width) +
                " input is too small for its convolution and pool");
  return g;
}

struct FirstBlockFunction : torch::autograd::Function<FirstBlockFunction> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& input, const torch::Tensor& forwardWeights,
                               const torch::Tensor& backwardWeights, const torch::Tensor& bias,
                               const torch::Tensor& scale, const torch::Tensor& shift, int64_t kernel,
                               int64_t padding, int64_t outChannels) {
    const auto x = input.contiguous();
    const Geometry g = geometryOf({x.size(1), outChannels, kernel, padding}, x.size(2), x.size(3));
    auto out = torch::empty({x.size(0), g.out, g.pooledHeight, g.pooledWidth},
                            x.options().memory_format(torch::MemoryFormat::ChannelsLast));
    auto code = torch::empty({x.size(0), g.pooledHeight, g.pooledWidth, g.out}, x.options().dtype(torch::kByte));
    const int64_t imageIn = g.in * g.height * g.width, imageOut = g.out * g.pooledHeight * g.pooledWidth;
    const float* xs = x.data_ptr<float>();
    float* outs = out.data_ptr<float>();
    std::uint8_t* codes = code.data_ptr<std::uint8_t>();
    const float *w = forwardWeights.data_ptr<float>(), *b = bias.data_ptr<float>();
    const float *s = scale.data_ptr<float>(), *t = shift.data_ptr<float>();
    const auto isa = kernelIsa();
    at::parallel_for(0, x.size(0), 1, [&](int64_t begin, int64_t end) {
      std::vector<float> padded(static_cast<std::size_t>(g.paddedSize()));
      runWithKernelIsa(isa, [&]() GAPLAB_ALWAYS_INLINE {
        for (int64_t n = begin; n < end; ++n)
          forwardImage(g, xs + n * imageIn, w, b, s, t, outs + n * imageOut, codes + n * imageOut, padded.data());
      });
    });
    ctx->saved_data["code"] = code;
    ctx->saved_data["scale"] = scale;
    ctx->saved_data["weights"] = backwardWeights;
    ctx->saved_data["geometry"] = std::vector<int64_t>{g.in, g.out, g.kernel, g.padding, g.height, g.width};
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
    const auto code = ctx->saved_data["code"].toTensor();
    const auto scale = ctx->saved_data["scale"].toTensor();
    const auto weights = ctx->saved_data["weights"].toTensor();
    const auto dims = ctx->saved_data["geometry"].toIntVector();
    const auto grad = gradOutputs[0].contiguous(torch::MemoryFormat::ChannelsLast);
    const int64_t images = grad.size(0);
    const Geometry g = geometryOf({dims[0], dims[1], dims[2], dims[3]}, dims[4], dims[5]);
    auto gradX = torch::empty({images, g.in, g.height, g.width}, grad.options());
    const int64_t imageIn = g.in * g.height * g.width, imageOut = g.out * g.pooledHeight * g.pooledWidth;
    const float* grads = grad.data_ptr<float>();
    const std::uint8_t* codes = code.data_ptr<std::uint8_t>();
    float* gradXs = gradX.data_ptr<float>();
    const float *s = scale.data_ptr<float>(), *w = weights.data_ptr<float>();
    const auto isa = kernelIsa();
    at::parallel_for(0, images, 1, [&](int64_t begin, int64_t end) {
      std::vector<float> padded(static_cast<std::size_t>(g.paddedSize()));
      runWithKernelIsa(isa, [&]() GAPLAB_ALWAYS_INLINE {
        for (int64_t n = begin; n < end; ++n)
          backwardImage(g, grads + n * imageOut, codes + n * imageOut, s, w, gradXs + n * imageIn, padded.data());
      });
    });
    return {gradX, {}, {}, {}, {}, {}, {}, {}, {}};
  }
};

// [out] padded with zeros to whole groups of lanes.
torch::Tensor toWholeGroups(const torch::Tensor& v, int64_t groups) {
  auto result = torch::zeros({groups * kLanes}, torch::kFloat);
  result.narrow(0, 0, v.numel()).copy_(v.reshape({-1}));
  return result;
}

}  // namespace

std::optional<FirstBlock> FirstBlock::build(const torch::Tensor& weight, const torch::Tensor& bias, int64_t padding,
                                            const torch::Tensor& scale, const torch::Tensor& shift) {
  torch::NoGradGuard noGrad;
  if (weight.dim() != 4 || weight.size(2) != weight.size(3) || weight.size(1) > kMaxInChannels ||
      weight.size(2) > kMaxKernel || padding < 0 || padding >= weight.size(2))
    return std::nullopt;
  FirstBlock block;
  block.shape_ = {weight.size(1), weight.size(0), weight.size(2), padding};
  const auto [in, out, k, p] = block.shape_;
  const int64_t groups = (out + kLanes - 1) / kLanes, side = k + 1;
  const auto w = weight.detach().to(torch::kFloat).contiguous();

  // Forward: [groups][in][k][k][lanes].
  auto lanes = torch::zeros({groups * kLanes, in, k, k}, torch::kFloat);
  lanes.narrow(0, 0, out).copy_(w);
  block.forwardWeights_ = lanes.view({groups, kLanes, in, k, k}).permute({0, 2, 3, 4, 1}).contiguous();

  // Backward: [4 offsets][out][in * (k+1) * (k+1), padded to whole groups of
  // lanes], the kernel shifted by (a, b) in the patch.
  const int64_t patch = in * side * side, paddedPatch = (patch + kLanes - 1) / kLanes * kLanes;
  auto shiftedKernels = torch::zeros({4, out, paddedPatch}, torch::kFloat);
  for (int64_t ab = 0; ab < 4; ++ab)
    shiftedKernels[ab].narrow(1, 0, patch).view({out, in, side, side}).narrow(2, ab / 2, k).narrow(3, ab % 2, k).copy_(w);
  block.backwardWeights_ = shiftedKernels;

  block.bias_ = toWholeGroups(bias.detach().to(torch::kFloat), groups);
  block.scale_ = toWholeGroups(scale.detach().to(torch::kFloat), groups);
  block.shift_ = toWholeGroups(shift.detach().to(torch::kFloat), groups);
  return block;
}

torch::Tensor FirstBlock::forward(const torch::Tensor& x) const {
  if (x.dim() != 4 || x.scalar_type() != torch::kFloat || x.size(1) != shape_.inChannels)
    throw Error("first block: needs a float [N, " + std::to_string(shape_.inChannels) + ", H, W] input");
  return FirstBlockFunction::apply(x, forwardWeights_, backwardWeights_, bias_, scale_, shift_, shape_.kernel,
                                   shape_.padding, shape_.outChannels);
}

}  // namespace gaplab
