// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/image_experiment.h"

#include "gaplab/error.h"
#include "gaplab/evaluation.h"

namespace gaplab {

ExperimentData loadExperimentData(const ExperimentSpec& spec) {
  spec.validate();
  ImageDatasetRequest request;
  request.name = spec.dataset;
  request.dataDir = spec.dataDir;
  request.validationFraction = spec.validationFraction;
  request.holdOut = spec.validationSplit;
  request.splitSeed = spec.seed;
  request.limitTrain = spec.limitTrain;
  request.limitTest = spec.limitTest;
  ExperimentData data{loadImageDataset(request), {}};
  data.trigger = makeTrigger(spec.trigger, data.splits.train.shape().channels);
  // Check every position now, before hours of training find a bad one.
  const auto shape = data.splits.train.shape();
  for (const auto& list : {spec.trainPositions, spec.testPositions})
    for (const auto& token : list)
      if (!isRandomPlacement(token))
        resolvePosition(token, shape.height, shape.width, {data.trigger.height, data.trigger.width});
  if (spec.target >= data.splits.train.numClasses())
    throw Error("target class " + std::to_string(spec.target) + " does not exist in " + spec.dataset + " (classes 0-" +
                std::to_string(data.splits.train.numClasses() - 1) + ")");
  return data;
}

namespace {

PoisonConfig poisonConfig(const ExperimentSpec& spec, const std::string& trainPosition, std::uint64_t seed) {
  PoisonConfig config;
  config.count = spec.poisonCount;
  config.selection = spec.poisonSelection;
  config.target = spec.target;
  config.position = trainPosition;
  config.seed = seed;
  return config;
}

}  // namespace

PoisonedSet poisonedTrainingSet(const ExperimentSpec& spec, const ExperimentData& data,
                                const std::string& trainPosition, std::uint64_t seed) {
  return poison(data.splits.train, data.trigger, poisonConfig(spec, trainPosition, seed));
}

PoisonedModel trainPoisoned(const ExperimentSpec& spec, const ExperimentData& data, Head head,
                               const std::string& trainPosition, int rep, const TrainingCallbacks& callbacks,
                               const std::atomic<bool>* stop, const ModelLook<ImageModel>& look) {
  const auto seed = spec.seedForRep(rep);
  const auto config = poisonConfig(spec, trainPosition, seed);
  const auto poisoned = poison(data.splits.train, data.trigger, config);

  auto validation = data.splits.validation;
  if (spec.poisonValidationCount > 0) {
    auto validationConfig = config;
    validationConfig.count = spec.poisonValidationCount;
    validationConfig.part = PoisonPart::Validation;
    validation = poison(validation, data.trigger, validationConfig).images;
  }

  ModelConfig modelConfig{spec.model, head, data.splits.train.shape(), data.splits.train.numClasses()};
  PoisonedModel result{ImageModel(modelConfig, seed), {}, poisoned.indices, spec.poisonCount, 0, seed, 0, {}};
  result.poisonPercent = 100.0 * spec.poisonCount / data.splits.train.size();
  auto training = spec.training;
  training.seed = seed;
  const auto hooked = look.hookInto(callbacks, result.model);
  result.training = trainModel(result.model, poisoned.images, validation, training, hooked, stop);
  result.cleanPredictions = result.model.predict(data.splits.test);
  result.cleanAccuracy = accuracy(data.splits.test.labels(), result.cleanPredictions);
  return result;
}

}  // namespace gaplab
