// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: what the evaluation-only convolutions (winograd_conv.h,
// few_channel_conv.h) compute after the convolution while its outputs are
// still in registers, each otherwise a pass over memory of its own: a
// max-pool whose windows tile the map (stride = window, no padding), an
// activation, an affine map per channel (an evaluation-mode BatchNorm), in
// that order.
#include <torch/torch.h>

#include <cstdint>
#include <optional>

namespace gaplab {

enum class TailActivation { None, Relu, Elu };

struct ConvTail {
  int64_t poolHeight = 1, poolWidth = 1;  // 1 x 1: no pool
  bool poolCeil = false;                  // ceil mode: a partial window at the end counts
  bool halvingPool() const { return poolHeight == 2 && poolWidth == 2 && !poolCeil; }
  bool pooled() const { return poolHeight > 1 || poolWidth > 1; }
  TailActivation activation = TailActivation::None;
  double eluAlpha = 1.0;
  torch::Tensor scale, shift;  // one value per output channel; undefined: no affine map
};

// A ConvTail as the kernels read it (conv_tail_kernels.inc): the bias,
// scale and shift padded with zeros to whole vectors of channels.
struct TailKernel {
  const float* bias;
  TailActivation activation;
  float alpha;
  const float* scale;  // null: no affine map
  const float* shift;
};

// The tensors behind a TailKernel, padded to `padded` channels; nullopt
// when the tail's scale or shift has not one value per output channel.
class TailTensors {
public:
  static std::optional<TailTensors> build(const torch::Tensor& bias, int64_t outputs, int64_t padded,
                                          const ConvTail& tail);
  TailKernel kernel() const;

private:
  torch::Tensor bias_, scale_, shift_;
  TailActivation activation_ = TailActivation::None;
  float alpha_ = 1.0f;
};

}  // namespace gaplab
