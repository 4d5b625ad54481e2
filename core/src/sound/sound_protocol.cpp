// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/sound_protocol.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "gaplab/positions.h"
#include "gaplab/evaluation.h"
#include "gaplab/stamping.h"
#include "poison_plan.h"
#include "sound_placements.h"

namespace gaplab {

SoundDatasetRequest soundRequest(const ExperimentSpec& spec) {
  spec.validate();
  if (spec.modality != Modality::Sound) throw Error("not a sound experiment (modality '" + toString(spec.modality) + "')");
  SoundDatasetRequest request;
  request.name = spec.dataset;
  request.dataDir = spec.dataDir;
  request.words = spec.sound.words;
  request.rate = spec.sound.rate;
  request.clipSeconds = spec.sound.clipSeconds;
  request.padding = spec.sound.padding;
  request.split = spec.sound.split;
  request.dropShort = spec.sound.dropShort;
  request.noise = spec.sound.noise;
  request.validationFraction = spec.validationFraction;
  request.seed = spec.seed;
  request.limitTrain = spec.limitTrain;
  request.limitTest = spec.limitTest;
  return request;
}

namespace {

SoundSplits loadClips(const ExperimentSpec& spec, const std::function<void(int, int)>& progress) {
  auto request = soundRequest(spec);
  request.progress = progress;
  return loadSoundDataset(request);
}

FeatureConfig featureConfig(const ExperimentSpec& spec) {
  auto config = spec.sound.features;
  config.rate = spec.sound.rate;
  return config;
}

// `set` with the plan's clips replaced by the features of triggered clips.
ImageSet withPoison(const SoundProtocol& experiment, const ImageSet& set,
                    const std::vector<std::vector<float>>& clips, const PoisonPlan& plan, int target) {
  if (plan.inputs.empty()) return set;
  std::vector<std::vector<float>> chosenClips;
  for (int index : plan.inputs) chosenClips.push_back(clips[static_cast<std::size_t>(index)]);
  return set.replaced(plan.inputs, experiment.poisonedFeatures(chosenClips, set.select(plan.inputs),
                                                               std::vector<int>(plan.inputs.size(), target), plan));
}

}  // namespace

SoundProtocol::SoundProtocol(ExperimentSpec spec, const std::function<void(int, int)>& progress)
    : spec_(std::move(spec)),
      clips_(std::make_shared<const SoundSplits>(loadClips(spec_, progress))),
      trigger_(spec_.sound.trigger, spec_.sound.rate, spec_.sound.clipSamples()),
      painted_(makeTrigger(spec_.trigger, 1)) {
  if (spec_.target >= static_cast<int>(clips_->classNames.size()))
    throw Error("target class " + std::to_string(spec_.target) + " does not exist in " + spec_.dataset + " (classes 0-" +
                std::to_string(clips_->classNames.size() - 1) + ")");
  const auto config = featureConfig(spec_);
  const auto rawTrain = extractFeatures(clips_->train, clips_->trainLabels, clips_->classNames, config);
  if (spec_.sound.normalise) normaliser_ = FeatureNormaliser::fit(rawTrain);
  train_ = normaliser_.apply(rawTrain);
  validation_ = features(clips_->validation, clips_->validationLabels);
  test_ = features(clips_->test, clips_->testLabels);
}

SoundProtocol SoundProtocol::withTriggerOf(const ExperimentSpec& source) const {
  SoundProtocol copy = *this;
  copy.spec_.sound.trigger = source.sound.trigger;
  copy.spec_.trigger = source.trigger;
  copy.spec_.validate();
  copy.trigger_ = SoundTrigger(copy.spec_.sound.trigger, copy.spec_.sound.rate, copy.spec_.sound.clipSamples());
  copy.painted_ = makeTrigger(copy.spec_.trigger, 1);
  return copy;
}

ImageSet SoundProtocol::features(const std::vector<std::vector<float>>& clips, const std::vector<int>& labels) const {
  return normaliser_.apply(extractFeatures(clips, labels, clips_->classNames, featureConfig(spec_)));
}

ImageSet SoundProtocol::triggeredFeatures(const std::vector<std::vector<float>>& clips, const ImageSet& cleanFeatures,
                                            const std::vector<int>& labels, const std::string& placement) const {
  if (trigger_.painted()) {
    const auto shape = cleanFeatures.shape();
    const auto position = paintedPosition(placement, shape.height, shape.width, painted_.height, painted_.width,
                                          spec_.sound.trigger.bin,
                                          double(spec_.sound.rate) / spec_.sound.features.hop);
    return stampAll(cleanFeatures, painted_, position).withLabels(labels);
  }
  std::vector<std::vector<float>> triggered = clips;
  for (auto& clip : triggered) trigger_.addTo(clip, placement);
  return features(triggered, labels);
}

PoisonPlan SoundProtocol::poisonPlan(PoisonPart part, const std::string& placement, std::uint64_t seed,
                                     int count) const {
  checkSoundPlacement(placement);
  const auto config = poisonConfigOf(spec_, placement, seed, count, part);
  const auto& labels = part == PoisonPart::Training ? clips_->trainLabels : clips_->validationLabels;
  return planPoison(labels, config, SoundPlacements(spec_, test_.shape(), trigger_.points()), "clips");
}

ImageSet SoundProtocol::poisonedFeatures(const std::vector<std::vector<float>>& clips, const ImageSet& cleanFeatures,
                                           const std::vector<int>& labels, const PoisonPlan& plan) const {
  const auto& placements = plan.placements;
  const auto& patterns = plan.patternSeeds;
  if (placements.size() != clips.size() || (!patterns.empty() && patterns.size() != clips.size()))
    throw Error("a poison plan for " + std::to_string(placements.size()) + " of " + std::to_string(clips.size()) +
                " clips");
  const bool samePlacement = patterns.empty() && std::all_of(placements.begin(), placements.end(), [&](const auto& p) {
                               return p == placements.front();
                             });
  if (samePlacement && !placements.empty()) return triggeredFeatures(clips, cleanFeatures, labels, placements.front());
  if (trigger_.painted()) {
    const auto shape = cleanFeatures.shape();
    std::vector<Position> positions;
    for (const auto& placement : placements)
      positions.push_back(paintedPosition(placement, shape.height, shape.width, painted_.height, painted_.width,
                                          spec_.sound.trigger.bin, double(spec_.sound.rate) / spec_.sound.features.hop));
    std::vector<std::vector<float>> cells;
    for (const auto seed : patterns) cells.push_back(uniformPattern(static_cast<int>(painted_.pattern.size()), seed));
    return (cells.empty() ? stampEach(cleanFeatures, painted_, positions)
                          : stampEachWith(cleanFeatures, painted_, cells, positions))
        .withLabels(labels);
  }
  const int clip = spec_.sound.clipSamples();
  std::vector<std::vector<float>> triggered = clips;
  for (std::size_t i = 0; i < triggered.size(); ++i) {
    if (patterns.empty()) {
      trigger_.addTo(triggered[i], placements[i]);
      continue;
    }
    // Salem's random pattern for a waveform: uniform noise at the trigger's amplitude and length.
    auto noise = spec_.sound.trigger;
    noise.kind = "noise";
    noise.seed = patterns[i];
    SoundTrigger(noise, spec_.sound.rate, clip).addTo(triggered[i], placements[i]);
  }
  return features(triggered, labels);
}

SoundProtocol::PoisonedSet SoundProtocol::poisonedTrainingSet(const std::string& placement, std::uint64_t seed,
                                                                    int poisonCount) const {
  const auto plan = poisonPlan(PoisonPart::Training, placement, seed, poisonCount);
  return {withPoison(*this, train_, clips_->train, plan, spec_.target), plan.inputs};
}

SoundProtocol::Trained SoundProtocol::train(Head head, const std::string& placement, int rep,
                                                const TrainingCallbacks& callbacks,
                                                const std::atomic<bool>* stop, const Look& look,
                                                std::optional<int> poisonCount) const {
  checkSoundPlacement(placement);
  const auto seed = spec_.seedForRep(rep);
  const auto [train, chosen] = poisonedTrainingSet(placement, seed, poisonCount.value_or(spec_.poisonCount));
  const auto validation =
      withPoison(*this, validation_, clips_->validation,
                 poisonPlan(PoisonPart::Validation, placement, seed, spec_.poisonValidationCount), spec_.target);

  ModelConfig config{spec_.model, head, train.shape(), static_cast<int>(clips_->classNames.size())};
  Trained result{ImageModel(config, seed), {}, chosen, seed, 0, {}};
  auto training = spec_.training;
  training.seed = seed;
  const auto hooked = look.hookInto(callbacks, result.model);
  result.training = trainModel(result.model, train, validation, training, hooked, stop);
  result.cleanPredictions = result.model.predict(test_);
  result.cleanAccuracy = accuracy(test_.labels(), result.cleanPredictions);
  return result;
}

}  // namespace gaplab
