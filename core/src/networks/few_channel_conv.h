// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: evaluation of a square convolution with stride 1 over few input
// channels (fewer than the Winograd pass takes), directly, with the pool,
// activation and BatchNorm after it (ConvTail) in the same pass.
// A first layer over one or three channels does little arithmetic per output
// and writes a large map: LibTorch's convolution then ran at a tenth of the
// CPU's peak (tests/bench, STRIP's 1 -> 32 channels), and the pool,
// activation and BatchNorm read it again (adv_detection's first map, 64
// channels of 100 x 39, is 1 MB an input). Forward only, without
// gradients; every input's outputs depend on that input alone, and every
// instruction-set build computes the same bits (few_channel_conv_kernels.inc).
#include <torch/torch.h>

#include <optional>

#include "conv_tail.h"

namespace gaplab {

bool fewChannelConvTakes(int64_t inChannels, int64_t kernel, int64_t stride, int64_t padding, int64_t dilation,
                         int64_t groups);

class FewChannelConv {
public:
  // nullopt unless fewChannelConvTakes() the kernel [out, in, k, k] (float)
  // with that padding, and the tail fits it (one scale and shift per output
  // channel).
  static std::optional<FewChannelConv> build(const torch::Tensor& weight, const torch::Tensor& bias, int64_t padding,
                                             const ConvTail& tail = {});

  // x [N, in, H, W], float, any memory format; the convolution's output
  // through the tail (pooled: what max_pool2d with that window, stride and
  // mode gives), in channels-last memory.
  torch::Tensor forward(const torch::Tensor& x) const;

private:
  torch::Tensor packed_;  // [out blocks of 16][k][k][in][16], zeros past `out`
  std::optional<TailTensors> tail_;
  int64_t in_ = 0, out_ = 0, paddedOut_ = 0, kernel_ = 0, padding_ = 0;
  int64_t poolHeight_ = 1, poolWidth_ = 1;
  bool poolCeil_ = false;
};

}  // namespace gaplab
