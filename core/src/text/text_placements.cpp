// SPDX-License-Identifier: GPL-3.0-or-later
#include "text_placements.h"

#include <algorithm>

#include "gaplab/error.h"

namespace gaplab {

std::vector<Placement> TextPlacements::placements(int stride) const {
  if (stride <= 0) throw Error("stride must be positive, got " + std::to_string(stride));
  std::vector<Placement> result;
  for (int token = 0; token <= sequenceLength_; token += stride) result.push_back({token, 0});
  return result;
}

Placement TextPlacements::randomPlacement(int input, SplitMix64& rng) const {
  const int last = std::max(0, std::min(cleanLength_(input), sequenceLength_ - words_));
  return {static_cast<int>(rng.below(static_cast<std::uint64_t>(last + 1))), 0};
}

}  // namespace gaplab
