// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: the one trigger-and-poison layer. Each modality says where its
// trigger can go (TriggerPlacements, one class in each modality's folder);
// planPoison then decides, by one rule for every modality, which inputs of a
// part carry the trigger, where, and with which pattern. Each modality
// applies a plan to its own inputs (stamping pixels or feature cells, adding
// to a waveform, inserting words).
#include <string>
#include <vector>

#include "gaplab/experiment.h"
#include "gaplab/poisoning.h"
#include "rng.h"

namespace gaplab {

class TriggerPlacements {
public:
  virtual ~TriggerPlacements() = default;
  // The trigger's extent in the input's coordinates (text: 1 x word count).
  virtual Extent extent() const = 0;
  // Every placement the position map measures, on a stride grid, in map order.
  virtual std::vector<Placement> placements(int stride) const = 0;
  // A placement drawn from `rng`, uniform over where the whole trigger fits
  // input `input` of the part being poisoned (a review's own length, for text).
  // Throws Error when it fits nowhere.
  virtual Placement randomPlacement(int input, SplitMix64& rng) const = 0;
  // A placement as the named position the modality's trigger reads ("x:y", "@SECONDS", "@TOKEN").
  virtual std::string token(Placement placement) const = 0;
};

// The spec's poison settings for `count` inputs of one part at `placement`,
// drawing from the rep's `seed`.
PoisonConfig poisonConfigOf(const ExperimentSpec& spec, const std::string& placement, std::uint64_t seed, int count,
                            PoisonPart part);

// The plan for one part (config.part) whose inputs carry `labels`:
// - which inputs: choosePoisoned by config.selection, from the part's choice stream;
// - where: config.position for each, or, for "random" and "random-pattern",
//   a random placement per input, drawn from the part's placement stream in
//   the inputs' order;
// - random-pattern only: then, in the same order, one pattern seed per input
//   from that stream. Placements come first so that "random" and
//   "random-pattern" put the trigger at the same places and differ only in
//   its pattern.
// `inputs` names the part's inputs in errors ("samples", "clips", "reviews").
PoisonPlan planPoison(const std::vector<int>& labels, const PoisonConfig& config, const TriggerPlacements& trigger,
                      const std::string& inputs);

}  // namespace gaplab
