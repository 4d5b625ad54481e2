// SPDX-License-Identifier: GPL-3.0-or-later
#include "poison_selection.h"

#include <algorithm>

#include "gaplab/error.h"

namespace gaplab {

std::string partInputs(PoisonPart part, const std::string& inputs) {
  return (part == PoisonPart::Training ? "training " : "validation ") + inputs;
}

std::vector<int> choosePoisoned(const std::vector<int>& labels, int count, PoisonSelection selection, int target,
                                SplitMix64& rng, const std::string& inputs) {
  if (count < 0) throw Error("poison count must be >= 0, got " + std::to_string(count));
  const bool anyLabel = selection == PoisonSelection::First;
  std::vector<int> candidates;
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (anyLabel || labels[i] != target) candidates.push_back(static_cast<int>(i));
  if (count > static_cast<int>(candidates.size()))
    throw Error("poison count " + std::to_string(count) + " exceeds the " + std::to_string(candidates.size()) + " " +
                inputs + (anyLabel ? "" : " outside the target class"));
  if (selection == PoisonSelection::RandomExcludingTarget) shuffleInPlace(candidates, rng);
  candidates.resize(static_cast<std::size_t>(count));
  std::sort(candidates.begin(), candidates.end());
  return candidates;
}

std::uint64_t placementSeed(std::uint64_t seed, PoisonPart part) {
  return streamSeed(seed, part == PoisonPart::Training ? RandomStream::TrainingPoisonPlacement
                                                       : RandomStream::ValidationPoisonPlacement);
}

PoisonStreams poisonStreams(std::uint64_t seed, PoisonPart part) {
  const auto choice = part == PoisonPart::Training ? RandomStream::TrainingPoisonChoice
                                                   : RandomStream::ValidationPoisonChoice;
  return {SplitMix64(streamSeed(seed, choice)), SplitMix64(placementSeed(seed, part))};
}

}  // namespace gaplab
