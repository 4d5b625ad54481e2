// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "gaplab/experiment_spec.h"
#include "gaplab/image_datasets.h"
#include "gaplab/image_model.h"
#include "gaplab/poisoning.h"
#include "gaplab/training.h"
#include "gaplab/trigger.h"

namespace gaplab {

// The data of an experiment, loaded once and shared by all its trainings.
struct ExperimentData {
  ImageSplits splits;
  Trigger trigger;
};
ExperimentData loadExperimentData(const ExperimentSpec& spec);

// One poisoned training: poison at trainPosition, train with the rep's seed,
// measure clean accuracy.
struct PoisonedModel {
  ImageModel model;
  TrainingResult training;
  std::vector<int> poisonedIndices;
  int poisonCount = 0;
  double poisonPercent = 0;  // of the training split
  std::uint64_t seed = 0;
  double cleanAccuracy = 0;
  std::vector<int> cleanPredictions;  // per test sample
};

// The poisoned training split of one training at trainPosition with the
// rep's seed: what trainPoisoned trains on, and what the training-set
// defences filter.
PoisonedSet poisonedTrainingSet(const ExperimentSpec& spec, const ExperimentData& data,
                                const std::string& trainPosition, std::uint64_t seed);

// `look`, if given, sees the model while it trains (the lecture view's probe).
PoisonedModel trainPoisoned(const ExperimentSpec& spec, const ExperimentData& data, Head head,
                               const std::string& trainPosition, int rep, const TrainingCallbacks& callbacks = {},
                               const std::atomic<bool>* stop = nullptr, const ModelLook<ImageModel>& look = {});

}  // namespace gaplab
