// SPDX-License-Identifier: GPL-3.0-or-later
#include "few_channel_conv.h"

#include <ATen/Parallel.h>

#include <cstdint>
#include <vector>

#include "gaplab/error.h"
#include "kernel_isa.h"

namespace gaplab {

namespace {

// One image, channels-last, its convolution and pooled output.
struct FewGeometry {
  int64_t height, width, channels, kernel, padding;
  int64_t convHeight, convWidth, poolHeight, poolWidth, outHeight, outWidth;
};

// max_pool2d's output size with window = stride and no padding.
int64_t pooledSize(int64_t size, int64_t window, bool ceil) {
  if (size < window) return 0;
  return ceil ? (size + window - 1) / window : size / window;
}

#define GAPLAB_KERNELS_FILE "few_channel_conv_kernels.inc"
#include "kernel_builds.inc"
#undef GAPLAB_KERNELS_FILE

constexpr int64_t kLanes = kernels_default::kFewLanes;

}  // namespace

bool fewChannelConvTakes(int64_t inChannels, int64_t kernel, int64_t stride, int64_t padding, int64_t dilation,
                         int64_t groups) {
  return inChannels >= 1 && inChannels < 8 && kernel >= 1 && kernel <= 7 && stride == 1 && padding >= 0 &&
         padding < kernel && dilation == 1 && groups == 1;
}

std::optional<FewChannelConv> FewChannelConv::build(const torch::Tensor& weight, const torch::Tensor& bias,
                                                    int64_t padding, const ConvTail& tail) {
  if (weight.dim() != 4 || weight.scalar_type() != torch::kFloat || weight.size(2) != weight.size(3) ||
      !fewChannelConvTakes(weight.size(1), weight.size(2), 1, padding, 1, 1) || tail.poolHeight < 1 ||
      tail.poolWidth < 1)
    return std::nullopt;
  FewChannelConv conv;
  conv.kernel_ = weight.size(2);
  conv.padding_ = padding;
  conv.poolHeight_ = tail.poolHeight;
  conv.poolWidth_ = tail.poolWidth;
  conv.poolCeil_ = tail.poolCeil;
  conv.out_ = weight.size(0);
  conv.in_ = weight.size(1);
  conv.paddedOut_ = (conv.out_ + kLanes - 1) / kLanes * kLanes;
  conv.tail_ = TailTensors::build(bias, conv.out_, conv.paddedOut_, tail);
  if (!conv.tail_) return std::nullopt;
  torch::NoGradGuard noGrad;
  // [out, in, k, k] -> [out blocks][k][k][in][16].
  const int64_t k = conv.kernel_;
  auto padded = torch::zeros({conv.paddedOut_, conv.in_, k, k}, torch::kFloat);
  padded.narrow(0, 0, conv.out_).copy_(weight.detach());
  conv.packed_ = padded.view({conv.paddedOut_ / kLanes, kLanes, conv.in_, k, k}).permute({0, 3, 4, 2, 1}).contiguous();
  return conv;
}

torch::Tensor FewChannelConv::forward(const torch::Tensor& input) const {
  if (input.dim() != 4 || input.scalar_type() != torch::kFloat || input.size(1) != in_)
    throw Error("few-channel convolution: needs a float [N, " + std::to_string(in_) + ", H, W] input");
  // contiguous(ChannelsLast) keeps a one-channel NCHW tensor as it is, which
  // is the same memory.
  const auto x = input.contiguous(torch::MemoryFormat::ChannelsLast);
  const int64_t N = x.size(0), H = x.size(2), W = x.size(3);
  const int64_t convHeight = H + 2 * padding_ - kernel_ + 1, convWidth = W + 2 * padding_ - kernel_ + 1;
  if (convHeight < 1 || convWidth < 1)
    throw Error("few-channel convolution: a " + std::to_string(H) + "x" + std::to_string(W) +
                " input is smaller than its kernel");
  const int64_t outHeight = pooledSize(convHeight, poolHeight_, poolCeil_);
  const int64_t outWidth = pooledSize(convWidth, poolWidth_, poolCeil_);
  auto out = torch::empty({N, out_, outHeight, outWidth}, x.options().memory_format(torch::MemoryFormat::ChannelsLast));
  if (N * outHeight * outWidth == 0) return out;
  const float *in = x.data_ptr<float>(), *packed = packed_.data_ptr<float>();
  float* y = out.data_ptr<float>();
  const FewGeometry geometry{H,          W,         in_,          kernel_,     padding_, convHeight,
                             convWidth, poolHeight_, poolWidth_, outHeight, outWidth};
  const auto tail = tail_->kernel();
  const auto isa = kernelBuildToRun();
  at::parallel_for(0, N * outHeight, 4, [&](int64_t begin, int64_t end) {
    std::vector<float> padded(kernel_ * (W + 2 * padding_) * in_), best(outWidth * paddedOut_);
    GAPLAB_KERNEL_CALL(isa, fewRows(in, geometry, packed, paddedOut_, out_, tail, begin, end - begin, padded.data(),
                                    best.data(), y));
  });
  return out;
}

}  // namespace gaplab
