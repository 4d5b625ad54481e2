// SPDX-License-Identifier: GPL-3.0-or-later
#include "poison_plan.h"

#include "gaplab/positions.h"
#include "poison_selection.h"

namespace gaplab {

PoisonConfig poisonConfigOf(const ExperimentSpec& spec, const std::string& placement, std::uint64_t seed, int count,
                            PoisonPart part) {
  return {count, spec.poisonSelection, spec.target, placement, seed, part};
}

PoisonPlan planPoison(const std::vector<int>& labels, const PoisonConfig& config, const TriggerPlacements& trigger,
                      const std::string& inputs) {
  auto streams = poisonStreams(config.seed, config.part);
  PoisonPlan plan;
  plan.inputs = choosePoisoned(labels, config.count, config.selection, config.target, streams.choice,
                               partInputs(config.part, inputs));
  if (!isRandomPlacement(config.position)) {
    plan.placements.assign(plan.inputs.size(), config.position);
    return plan;
  }
  for (const int input : plan.inputs)
    plan.placements.push_back(trigger.token(trigger.randomPlacement(input, streams.placement)));
  if (config.position == kRandomPatternPosition)
    for (std::size_t i = 0; i < plan.inputs.size(); ++i) plan.patternSeeds.push_back(streams.placement.next());
  return plan;
}

}  // namespace gaplab
