// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: evaluation of a 3x3 convolution (stride 1, zero padding 1) by
// Winograd's F(2x2, 3x3), 16 multiplications per 2x2 outputs and input
// channel instead of 36, with the max-pool, activation and BatchNorm that
// follow it (ConvTail). Every
// input's outputs depend on that input alone, and every instruction-set
// build computes the same bits (winograd_conv_kernels.inc).
//
// Why: STRIP's convolutions are padded and followed by ELU and BatchNorm, so
// nothing folds into them, and oneDNN already runs them near the CPU's peak
// (tests/bench: 200 GFLOP/s of 2 cores with AVX2): only less arithmetic makes
// inference faster than PyTorch's. Forward only, without gradients: training
// and the defences' input optimisation keep LibTorch's convolution.
#include <torch/torch.h>

#include <optional>

#include "conv_tail.h"

namespace gaplab {

// What the Winograd pass takes: a 3x3 kernel, stride 1, zero padding 1, no
// dilation, no groups, and enough input channels (8) that the products
// outweigh the transforms.
bool winogradTakes(int64_t inChannels, int64_t kernel, int64_t stride, int64_t padding, int64_t dilation,
                   int64_t groups);

// A bound on the magnitudes the pass sums, per output, for rounding bounds:
// every output lies within 4 * (sum of |kernel|) * (sum of |input| over the
// 5x5 window around it), summed over input channels (tests).
torch::Tensor winogradMagnitudeBound(const torch::Tensor& absInput, const torch::Tensor& absWeight,
                                     const torch::Tensor& absBias);

class WinogradConv {
public:
  // nullopt unless winogradTakes() the kernel [out, in, 3, 3] (float), the
  // tail's pool, if any, is 2x2 in floor mode (its windows are the tiles),
  // and its scale and shift, if any, have one value per output channel.
  static std::optional<WinogradConv> build(const torch::Tensor& weight, const torch::Tensor& bias,
                                           const ConvTail& tail = {});

  // x [N, in, H, W], float, any memory format; the convolution's output
  // [N, out, H, W] through the tail ([N, out, H/2, W/2] when pooled), in
  // channels-last memory.
  torch::Tensor forward(const torch::Tensor& x) const;

private:
  torch::Tensor transformed_;  // G g G^T: [16 positions][out blocks of 16][in][16], zeros past `out`
  std::optional<TailTensors> tail_;
  int64_t in_ = 0, out_ = 0, paddedOut_ = 0;
  bool pooled_ = false;
};

}  // namespace gaplab
