// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: which inputs a poisoned training poisons, by one rule for every
// modality (PoisonSelection in gaplab/poisoning.h says what each rule means).
#include <string>
#include <vector>

#include "gaplab/poisoning.h"
#include "rng.h"

namespace gaplab {

// Indices into `labels` of the `count` inputs `selection` picks, ascending.
// Only RandomExcludingTarget draws from `rng` (a shuffle of the candidates).
// Throws Error naming `inputs` ("training images", ...) when there are too few.
std::vector<int> choosePoisoned(const std::vector<int>& labels, int count, PoisonSelection selection, int target,
                                SplitMix64& rng, const std::string& inputs);

// How errors name one part's inputs: partInputs(Validation, "clips") is "validation clips".
std::string partInputs(PoisonPart part, const std::string& inputs);

// The two streams one part's poisoning draws from, seeded from the rep's seed:
// which inputs (choosePoisoned) and where each one's trigger goes when the
// placement is random (and its pattern, for random-pattern).
struct PoisonStreams {
  SplitMix64 choice;
  SplitMix64 placement;
};
PoisonStreams poisonStreams(std::uint64_t seed, PoisonPart part);
// The seed of the placement stream alone (for code that seeds its own generator from it).
std::uint64_t placementSeed(std::uint64_t seed, PoisonPart part);

}  // namespace gaplab
