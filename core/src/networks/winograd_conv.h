// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: evaluation of a 3x3 convolution (stride 1, zero padding 1) by
// Winograd's F(2x2, 3x3) or F(4x4, 3x3), 16 multiplications per 2x2 outputs
// and input channel or 36 per 4x4 instead of 36 or 144, with the max-pool,
// activation and BatchNorm that follow it (ConvTail). Every input's outputs
// depend on that input alone, and every instruction-set build computes the
// same bits (winograd_conv_kernels.inc).
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

// The tile (2 or 4 outputs a side) forward() takes for maps of height x
// width: the one with fewer products, F(2x2) on a tie. Bigger tiles need
// fewer products per output (36 per 16 against 16 per 4) but waste more at
// the map's edges: a 28x28 or 14x14 map takes 4x4 tiles, a 7x7 map pooled
// to 3x3 takes 2x2 ones.
int winogradTileFor(int64_t height, int64_t width, bool pooled);

// The magnitudes the pass sums, per output, for rounding bounds (tests): the
// sum of |terms| of each output as the pass with this tile expands it
// (|A^T| (sum over channels (|G| |g| |G^T|) . (|B^T| |d| |B|)) |A| + |bias|),
// in double, [N, out, H, W] before any pool.
torch::Tensor winogradMagnitudeBound(const torch::Tensor& absInput, const torch::Tensor& absWeight,
                                     const torch::Tensor& absBias, int tile);

class WinogradConv {
public:
  // nullopt unless winogradTakes() the kernel [out, in, 3, 3] (float), the
  // tail's pool, if any, is 2x2 in floor mode (its windows are the tiles),
  // and its scale and shift, if any, have one value per output channel.
  static std::optional<WinogradConv> build(const torch::Tensor& weight, const torch::Tensor& bias,
                                           const ConvTail& tail = {});

  // x [N, in, H, W], float, any memory format; the convolution's output
  // [N, out, H, W] through the tail ([N, out, H/2, W/2] when pooled), in
  // channels-last memory. tile: 2 or 4 outputs a side, 0 for
  // winogradTileFor()'s choice.
  torch::Tensor forward(const torch::Tensor& x, int tile = 0) const;

private:
  // G g G^T: [S^2 positions][out blocks of 16][in][16], zeros past `out`,
  // for tiles of 2 and of 4 outputs a side.
  torch::Tensor transformed2_, transformed4_;
  std::optional<TailTensors> tail_;
  int64_t in_ = 0, out_ = 0, paddedOut_ = 0;
  bool pooled_ = false;
};

}  // namespace gaplab
