// SPDX-License-Identifier: GPL-3.0-or-later
#include "conv_tail.h"

namespace gaplab {

namespace {

// t's first `count` values, then zeros up to `padded`.
torch::Tensor paddedCopy(const torch::Tensor& t, int64_t count, int64_t padded) {
  auto copy = torch::zeros({padded}, torch::kFloat);
  copy.narrow(0, 0, count).copy_(t.detach().reshape({count}));
  return copy;
}

}  // namespace

std::optional<TailTensors> TailTensors::build(const torch::Tensor& bias, int64_t outputs, int64_t padded,
                                              const ConvTail& tail) {
  if (tail.scale.defined() != tail.shift.defined() ||
      (tail.scale.defined() && (tail.scale.numel() != outputs || tail.shift.numel() != outputs)) ||
      (bias.defined() && bias.numel() != outputs))
    return std::nullopt;
  torch::NoGradGuard noGrad;
  TailTensors tensors;
  tensors.bias_ = paddedCopy(bias.defined() ? bias : torch::zeros({outputs}), outputs, padded);
  if (tail.scale.defined()) {
    tensors.scale_ = paddedCopy(tail.scale, outputs, padded);
    tensors.shift_ = paddedCopy(tail.shift, outputs, padded);
  }
  tensors.activation_ = tail.activation;
  tensors.alpha_ = static_cast<float>(tail.eluAlpha);
  return tensors;
}

TailKernel TailTensors::kernel() const {
  return {bias_.data_ptr<float>(), activation_, alpha_,
          scale_.defined() ? scale_.data_ptr<float>() : nullptr, shift_.defined() ? shift_.data_ptr<float>() : nullptr};
}

}  // namespace gaplab
