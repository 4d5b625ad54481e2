// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: the tail of a convolutional block in eval mode, `2x2 max-pool ->
// ReLU -> x * scale + shift` and `ReLU -> x * scale + shift` (an eval-mode
// BatchNorm), as one pass forward and one pass backward, for inputs that
// need a gradient (Neural Cleanse optimises a mask through the frozen model).
//
// Why: in LibTorch each of those layers is its own pass over memory, the
// max-pool's backward zero-fills the full-size gradient before it scatters
// into it, and threshold_backward alone took 3.3 ms of a 23 ms Neural
// Cleanse update of the lecture CNN (320 images). Here the
// forward reads the map once and keeps one byte per output (which of the
// window's four cells won, or that ReLU cut it); the backward writes the
// gradient once, densely.
//
// Same values as max_pool2d (the first maximum in row-major order wins, a
// NaN wins), relu (keeps a NaN) and addcmul; the gradient is the same
// subgradient. Scale and shift are constants: no gradient flows to them.
#include <torch/torch.h>

namespace gaplab {

// max_pool2d(x, 2) in floor mode, relu, then x * scale + shift per channel.
// x: float [N, C, H, W] with H, W >= 2; scale and shift: [C]. The result is
// channels-last.
torch::Tensor poolReluAffine(const torch::Tensor& x, const torch::Tensor& scale, const torch::Tensor& shift);

// relu(x) * scale + shift per channel, channels-last.
torch::Tensor reluAffine(const torch::Tensor& x, const torch::Tensor& scale, const torch::Tensor& shift);

}  // namespace gaplab
