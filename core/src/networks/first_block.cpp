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



#define GAPLAB_KERNELS_FILE "first_block_kernels.inc"
#include "kernel_builds.inc"
#undef GAPLAB_KERNELS_FILE

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
      for (int64_t n = begin; n < end; ++n)
        GAPLAB_KERNEL_CALL(isa, forwardImage(g, xs + n * imageIn, w, b, s, t, outs + n * imageOut, codes + n * imageOut,
                                      padded.data()));
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
      for (int64_t n = begin; n < end; ++n)
        GAPLAB_KERNEL_CALL(isa, backwardImage(g, grads + n * imageOut, codes + n * imageOut, s, w, gradXs + n * imageIn,
                                       padded.data()));
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
