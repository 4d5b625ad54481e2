// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/poisoning.h"

#include <algorithm>

#include "gaplab/error.h"
#include "gaplab/stamping.h"
#include "image_placements.h"

namespace gaplab {

std::string toString(PoisonSelection selection) {
  switch (selection) {
    case PoisonSelection::First: return "first";
    case PoisonSelection::FirstNonTarget: return "first-non-target";
    case PoisonSelection::RandomExcludingTarget: return "random-non-target";
  }
  return {};
}

PoisonSelection poisonSelectionFromString(const std::string& text) {
  for (const auto selection :
       {PoisonSelection::First, PoisonSelection::FirstNonTarget, PoisonSelection::RandomExcludingTarget})
    if (toString(selection) == text) return selection;
  throw Error("unknown poison selection '" + text + "' (known: first, first-non-target, random-non-target)");
}

PoisonedSet poison(const ImageSet& train, const Trigger& trigger, const PoisonConfig& config) {
  if (config.count < 0) throw Error("poison count must be >= 0, got " + std::to_string(config.count));
  if (config.target < 0 || config.target >= train.numClasses())
    throw Error("target class " + std::to_string(config.target) + " does not exist (classes 0-" +
                std::to_string(train.numClasses() - 1) + ")");
  const auto shape = train.shape();
  const Extent extent{trigger.height, trigger.width};
  const auto plan = planPoison(train.labels(), config, ImagePlacements(shape, extent), "samples");
  const auto& chosen = plan.inputs;
  std::vector<Position> positions;
  if (isRandomPlacement(config.position))
    for (const auto& placement : plan.placements)
      positions.push_back(resolvePosition(placement, shape.height, shape.width, extent));
  else
    positions.assign(chosen.size(), resolvePosition(config.position, shape.height, shape.width, extent));
  // Salem's Random Backdoor: a fresh pattern per sample.
  std::vector<std::vector<float>> patterns;
  for (const auto seed : plan.patternSeeds)
    patterns.push_back(uniformPattern(static_cast<int>(trigger.pattern.size()), seed));

  // Stamp the chosen samples, then put them back in their places.
  const auto stamped = patterns.empty() ? stampEach(train.select(chosen), trigger, positions)
                                        : stampEachWith(train.select(chosen), trigger, patterns, positions);
  return {train.replaced(chosen, stamped.withLabels(std::vector<int>(chosen.size(), config.target))), chosen,
          positions, std::move(patterns)};
}

}  // namespace gaplab
