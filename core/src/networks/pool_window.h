// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: LibTorch's rules for a 2x2 max-pool followed by ReLU, one value
// at a time, shared by the fused passes (first_block.cpp and
// pool_relu_affine.cpp) so that both match max_pool2d, relu and
// threshold_backward the same way. Small inline functions: the callers'
// loops over channels inline them and stay vectorised.
#include <cstdint>

namespace gaplab {

// Which of a pool window's cells (row-major 0..3) the gradient goes to, or
// kCut when ReLU cut the maximum and no gradient reaches the window.
constexpr std::uint8_t kCut = 4;

// max_pool2d's rule: a later cell wins only if greater, or NaN.
inline void takeIfWins(float candidate, std::int32_t index, float& best, std::int32_t& won) {
  const bool wins = candidate > best || candidate != candidate;
  best = wins ? candidate : best;
  won = wins ? index : won;
}

// relu keeps a NaN (it is clamp_min).
inline float reluOf(float v) { return v > 0 || v != v ? v : 0.0f; }

// The window's code for the backward: threshold_backward passes the gradient
// only where the pooled value is > 0.
inline std::int32_t codeOf(float best, std::int32_t won) { return best > 0 ? won : kCut; }

}  // namespace gaplab
