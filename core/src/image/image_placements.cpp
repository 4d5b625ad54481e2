// SPDX-License-Identifier: GPL-3.0-or-later
#include "image_placements.h"

namespace gaplab {

std::vector<Placement> ImagePlacements::placements(int stride) const {
  return positionGrid(image_.height, image_.width, trigger_, stride);
}

Placement ImagePlacements::randomPlacement(int, SplitMix64& rng) const {
  checkFits({0, 0}, image_.height, image_.width, trigger_);
  // x before y: another order would move every randomly placed image poison.
  const auto x = static_cast<int>(rng.below(static_cast<std::uint64_t>(image_.width - trigger_.width + 1)));
  const auto y = static_cast<int>(rng.below(static_cast<std::uint64_t>(image_.height - trigger_.height + 1)));
  return {x, y};
}

std::string ImagePlacements::token(Placement placement) const { return toString(placement); }

}  // namespace gaplab
