// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: a first convolutional block -- a convolution over few input
// channels, a 2x2 max-pool, ReLU and a per-channel affine map (an eval-mode
// BatchNorm) -- computed in one pass, differentiable with respect to its input.
//
// Why: Neural Cleanse differentiates the lecture model with respect to its
// input, 320 images per Adam update. LibTorch ran the 1 -> 16 channel, 28x28
// first block as four passes over 16 MB maps: oneDNN's convolution with one
// input channel (its backward alone took 4.3 ms per update, for 0.07 GFLOP),
// the pool, a zero-fill of the pool's 16 MB gradient and the scatter into it,
// about 15 of 32 ms per update. With so few input channels
// each pooled cell's four convolution outputs come from one (k+1)x(k+1) input
// patch: this block computes them in registers, keeps only the pooled map and
// which of the four cells won, and sends the gradient straight back into the
// patch.
#include <torch/torch.h>

#include <optional>

namespace gaplab {

struct FirstBlockShape {
  int64_t inChannels = 0, outChannels = 0, kernel = 0, padding = 0;
};

class FirstBlock {
public:
  // The block's conv weight [out, in, k, k] and bias [out], the affine map's
  // scale and shift [out] (1 and 0 without a BatchNorm). nullopt when the
  // block falls outside what this pass computes: more than kMaxInChannels
  // input channels, or a kernel wider than kMaxKernel.
  static std::optional<FirstBlock> build(const torch::Tensor& weight, const torch::Tensor& bias, int64_t padding,
                                         const torch::Tensor& scale, const torch::Tensor& shift);

  // x: float [N, in, H, W]. Returns [N, out, (H + 2p - k + 1) / 2, ...] in
  // channels-last, as conv -> max_pool2d(2) -> relu -> x * scale + shift
  // compute it (max_pool2d's first-wins ties and NaN rule included). The
  // gradient flows to x only: the weights are constants.
  torch::Tensor forward(const torch::Tensor& x) const;

  static constexpr int64_t kMaxInChannels = 4;
  static constexpr int64_t kMaxKernel = 7;

private:
  FirstBlockShape shape_;
  // Packed for the kernels (first_block.cpp): forward weights by output
  // channel in groups of 16, backward weights as each channel's kernel placed
  // at each of the pool window's four offsets in the input patch.
  torch::Tensor forwardWeights_, backwardWeights_, bias_, scale_, shift_;
};

}  // namespace gaplab
