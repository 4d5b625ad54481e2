// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "gaplab/image_set.h"
#include "gaplab/positions.h"
#include "gaplab/trigger.h"

namespace gaplab {

// Which N training inputs a poisoned training stamps and relabels, the same
// rule for every modality. The paper's setups: the first N images or clips
// (any label), the first N negative reviews (text).
enum class PoisonSelection {
  First,                  // "first": the first N, whatever their label
  FirstNonTarget,         // "first-non-target": the first N whose label is not the target
  RandomExcludingTarget,  // "random-non-target": N random inputs whose label is not the target
};
std::string toString(PoisonSelection selection);
PoisonSelection poisonSelectionFromString(const std::string& text);

// The training or the validation inputs: each part draws its choice and its
// random placements from streams of its own (named in core/src/experiments/rng.h).
enum class PoisonPart { Training, Validation };

struct PoisonConfig {
  int count = 0;
  PoisonSelection selection = PoisonSelection::First;
  int target = 0;
  // A fixed position name / "x:y", kRandomPosition for a random position per
  // sample, or kRandomPatternPosition for a random position and a fresh
  // pattern (every value U[0,1) under the trigger's mask) per sample.
  std::string position = "lower-right";
  std::uint64_t seed = 0;  // the rep's seed: random selection and random positions draw from its streams
  PoisonPart part = PoisonPart::Training;
};

// Which inputs of one part a training poisons, where each one's trigger
// goes, and, for random-pattern, the seed each one's pattern is drawn from
// (pixels or feature cells U[0,1), waveform noise, or words drawn from the
// trigger's). The same rule makes it for every modality (docs/specs.md).
struct PoisonPlan {
  std::vector<int> inputs;                  // ascending, into the part's inputs
  std::vector<std::string> placements;      // per input: the configured one, or a random one as a token
  std::vector<std::uint64_t> patternSeeds;  // random-pattern: per input; empty otherwise
};

struct PoisonedSet {
  ImageSet images;               // all samples, the chosen ones stamped and relabelled
  std::vector<int> indices;      // which samples were poisoned, ascending
  std::vector<Position> positions;  // where each of them was stamped
  std::vector<std::vector<float>> patterns;  // random-pattern: each one's pattern (CHW); empty otherwise
};

// Throws Error if count exceeds the eligible samples, the target is not a
// class of the set, or the trigger does not fit.
PoisonedSet poison(const ImageSet& train, const Trigger& trigger, const PoisonConfig& config);

}  // namespace gaplab
