// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to EvalTrunk (eval_trunk.h): the runs of layers it computes as one
// pass, and the step for each run or lone layer.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "trunk_layers.h"

namespace gaplab::trunk {

// A step of the rewritten trunk: what it runs, how many layers it covers and
// its name in EvalTrunk::layout().
struct Run {
  Step step;
  std::size_t count;
  std::string name;
};

// A convolution [-> a tiling max-pool] [-> ReLU or ELU [-> BatchNorm]]
// evaluated as one pass: WinogradConv for a 3x3 one over many input channels
// (with a 2x2 pool only), FewChannelConv for a square one over few;
// differentiated, it runs as its layers (plainRunAt). Named "winograd" or
// "direct", then "+pool", "+relu" / "+elu", "+norm" for what it took;
// nullopt where neither pass takes the convolution.
std::optional<Run> convRunAt(const std::vector<Layer>& layers, std::size_t at);

// The step at `at` other than a convolution run: with `fuse`, a first block
// (conv -> pool -> ReLU [-> norm] over few channels, first_block.h) or a
// `[pool ->] ReLU [-> norm]` tail (pool_relu_affine.h) ending by `end`,
// which runs as one pass when differentiated and as its layers otherwise
// (named in brackets); else the one layer.
Run plainRunAt(const std::vector<Layer>& layers, std::size_t at, std::size_t end, bool fuse);

}  // namespace gaplab::trunk
