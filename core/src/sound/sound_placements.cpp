// SPDX-License-Identifier: GPL-3.0-or-later
#include "sound_placements.h"

#include <algorithm>
#include <cstdio>

#include "gaplab/error.h"

namespace gaplab {

std::string soundPlacementToken(const ExperimentSpec& spec, Placement placement) {
  // spec.sound.features.rate is a default the sound experiment overrides with the clip's rate.
  char text[32];
  std::snprintf(text, sizeof text, "@%.6f", double(placement.y) * spec.sound.features.hop / spec.sound.rate);
  return text;
}

SoundPlacements::SoundPlacements(const ExperimentSpec& spec, ImageShape features, int points)
    : spec_(spec), features_(features), points_(points), painted_(spec.sound.trigger.kind == "painted") {}

Extent SoundPlacements::extent() const {
  if (painted_) return {spec_.trigger.height, spec_.trigger.width};
  const int hop = spec_.sound.features.hop;
  return {(points_ + hop - 1) / hop, features_.width};
}

int SoundPlacements::lastFrame() const {
  const int last = painted_ ? features_.height - spec_.trigger.height
                            : (spec_.sound.clipSamples() - points_) / spec_.sound.features.hop;
  if (last < 0) throw Error("the trigger does not fit the clip anywhere");
  return last;
}

std::vector<Placement> SoundPlacements::placements(int stride) const {
  if (painted_) return positionGrid(features_.height, features_.width, extent(), stride);
  if (stride <= 0) throw Error("stride must be positive, got " + std::to_string(stride));
  const int last = lastFrame();
  std::vector<Placement> result;
  for (int frame = 0; frame <= last; frame += stride) result.push_back({0, frame});
  if (result.back().y != last) result.push_back({0, last});
  return result;
}

Placement SoundPlacements::randomPlacement(int, SplitMix64& rng) const {
  const int frame = static_cast<int>(rng.below(static_cast<std::uint64_t>(lastFrame() + 1)));
  return {painted_ ? spec_.sound.trigger.bin : 0, frame};
}

std::string SoundPlacements::token(Placement placement) const { return soundPlacementToken(spec_, placement); }

}  // namespace gaplab
