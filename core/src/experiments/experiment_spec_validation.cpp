// SPDX-License-Identifier: GPL-3.0-or-later
// What a spec may hold: ExperimentSpec::validate and checkPosition (the
// JSON form is experiment_spec.cpp's).
#include <algorithm>

#include "gaplab/budget.h"
#include "gaplab/error.h"
#include "gaplab/experiment_spec.h"
#include "gaplab/modality.h"
#include "gaplab/positions.h"
#include "joined.h"
#include "modality_descriptor.h"

namespace gaplab {


void ExperimentSpec::checkPosition(const std::string& token) const { descriptorOf(modality).checkPlacement(token); }

void ExperimentSpec::validate() const {
  const auto& descriptor = descriptorOf(modality);
  const auto& names = descriptor.datasets;
  if (std::find(names.begin(), names.end(), dataset) == names.end())
    throw Error("unknown " + toString(modality) + " dataset '" + dataset + "' (known: " + joined(names) + ")");
  const auto& models = descriptor.architectures;
  if (std::find(models.begin(), models.end(), model) == models.end()) {
    std::vector<std::string> known;
    for (const auto architecture : models) known.push_back(toString(architecture));
    throw Error("model '" + toString(model) + "' is not a " + descriptor.name + " model (known: " + joined(known) + ")");
  }
  descriptor.validateSettings(*this);
  for (const auto& list : {trainPositions, testPositions})
    for (const auto& position : list) checkPosition(position);
  if (heads.empty()) throw Error("no heads given (use fc, gap or both)");
  if (trainPositions.empty()) throw Error("no training positions given");
  if (testPositions.empty()) throw Error("no test positions given");
  for (const auto& token : testPositions)
    if (isRandomPlacement(token)) throw Error("'" + token + "' is a training placement, not a test position");
  if (poisonCount < 0) throw Error("poison count must be >= 0, got " + std::to_string(poisonCount));
  if (poisonValidationCount < 0)
    throw Error("validation poison count must be >= 0, got " + std::to_string(poisonValidationCount));
  if (target < 0) throw Error("target class must be >= 0, got " + std::to_string(target));
  if (reps < 1) throw Error("reps must be >= 1, got " + std::to_string(reps));
  if (limitTrain < 0) throw Error("limit-train must be >= 0, got " + std::to_string(limitTrain));
  if (limitTest < 0) throw Error("limit-test must be >= 0, got " + std::to_string(limitTest));
  if (!(validationFraction >= 0 && validationFraction < 1))
    throw Error("validation fraction must be in [0, 1), got " + std::to_string(validationFraction));
  if (trigger.width <= 0 || trigger.height <= 0)
    throw Error("trigger size must be positive, got " + std::to_string(trigger.width) + "x" +
                std::to_string(trigger.height));
  training.validate();
  for (const auto& level : budget.poison) parsePoisonLevel(level);
  for (const auto& regime : budget.regimes) poisonRegimeFromString(regime);
  if (budget.stride < 1) throw Error("budget stride must be >= 1, got " + std::to_string(budget.stride));
}

}  // namespace gaplab
