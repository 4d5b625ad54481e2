// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/image_experiment.h"

#include "gaplab/error.h"
#include "gaplab/evaluation.h"
#include "poison_plan.h"

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

PoisonedSet poisonedTrainingSet(const ExperimentSpec& spec, const ExperimentData& data,
                                const std::string& trainPosition, std::uint64_t seed) {
  return poison(data.splits.train, data.trigger,
                poisonConfigOf(spec, trainPosition, seed, spec.poisonCount, PoisonPart::Training));
}

PoisonedModel trainPoisoned(const ExperimentSpec& spec, const ExperimentData& data, Head head,
                               const std::string& trainPosition, int rep, const TrainingCallbacks& callbacks,
                               const std::atomic<bool>* stop, const ModelLook<ImageModel>& look) {
  const auto seed = spec.seedForRep(rep);
  const auto poisoned = poisonedTrainingSet(spec, data, trainPosition, seed);

  auto validation = data.splits.validation;
  if (spec.poisonValidationCount > 0)
    validation = poison(validation, data.trigger,
                        poisonConfigOf(spec, trainPosition, seed, spec.poisonValidationCount, PoisonPart::Validation))
                     .images;

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
