// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gaplab/experiment_spec.h"
#include "gaplab/image_set.h"
#include "gaplab/metrics.h"
#include "gaplab/poisoning.h"
#include "gaplab/image_model.h"
#include "gaplab/sound_data.h"
#include "gaplab/sound_features.h"
#include "gaplab/sound_trigger.h"
#include "gaplab/trigger.h"

namespace gaplab {

// The clips an experiment spec names (no features).
SoundDatasetRequest soundRequest(const ExperimentSpec& spec);

// The paper's sound protocol: the trigger is added to the waveform, then the
// clip is featurised (MFCC by default) and classified as an image of
// frames x coefficients. Clean features are computed once; a training
// featurises only its poisoned clips again.
class SoundProtocol {
public:
  // Loads and featurises the clips; throws Error. `progress(done, total)`
  // reports speech synthesis when the keyword set is made on first use.
  explicit SoundProtocol(ExperimentSpec spec, const std::function<void(int, int)>& progress = {});
  // The same clips and features with `source`'s trigger (a checkpoint's, which
  // the defences attack even when this experiment's trigger has changed since).
  SoundProtocol withTriggerOf(const ExperimentSpec& source) const;

  struct Trained {
    ImageModel model;
    TrainingResult training;
    std::vector<int> poisonedIndices;  // into the training clips
    std::uint64_t seed = 0;
    double cleanAccuracy = 0;
    std::vector<int> cleanPredictions;
  };
  // `look`, if given, sees the model while it trains (the lecture view's
  // probe). `placement` may be "random" or "random-pattern" (a random onset,
  // and a fresh pattern, per poisoned clip); `poisonCount`, if given,
  // replaces the spec's count.
  using Look = ModelLook<ImageModel>;
  Trained train(Head head, const std::string& placement, int rep, const TrainingCallbacks& callbacks = {},
                const std::atomic<bool>* stop = nullptr, const Look& look = {},
                std::optional<int> poisonCount = std::nullopt) const;

  // The training features as a training at `placement` with `seed` poisons
  // `poisonCount` of them (what train() trains on; the training-set defences filter it).
  struct PoisonedSet {
    ImageSet features;
    std::vector<int> chosen;  // into the training clips
  };
  PoisonedSet poisonedTrainingSet(const std::string& placement, std::uint64_t seed, int poisonCount) const;

  // Featurised and normalised with the training statistics.
  ImageSet features(const std::vector<std::vector<float>>& clips, const std::vector<int>& labels) const;
  const ExperimentSpec& spec() const { return spec_; }
  const SoundSplits& clips() const { return *clips_; }
  const SoundTrigger& trigger() const { return trigger_; }
  const ImageSet& cleanTest() const { return test_; }
  const ImageSet& cleanTrain() const { return train_; }
  // Features of `clips` with the trigger at `placement`: added to the waveform
  // and featurised, or, for a painted trigger, stamped on `cleanFeatures`.
  ImageSet triggeredFeatures(const std::vector<std::vector<float>>& clips, const ImageSet& cleanFeatures,
                             const std::vector<int>& labels, const std::string& placement) const;
  // Which clips of `part` a training at `placement` with `seed` poisons, and
  // how ("random": uniform over the onsets the position map sweeps;
  // "random-pattern": the same onsets, each clip with noise or cells of its own).
  PoisonPlan poisonPlan(PoisonPart part, const std::string& placement, std::uint64_t seed, int count) const;
  // Features of `clips`, clip i poisoned as the plan's i-th input.
  ImageSet poisonedFeatures(const std::vector<std::vector<float>>& clips, const ImageSet& cleanFeatures,
                            const std::vector<int>& labels, const PoisonPlan& plan) const;

private:
  ExperimentSpec spec_;
  std::shared_ptr<const SoundSplits> clips_;  // shared by copies (withTriggerOf): the raw audio is large
  FeatureNormaliser normaliser_;
  ImageSet train_, validation_, test_;
  SoundTrigger trigger_;
  Trigger painted_;  // the spec's image trigger, used when sound.trigger.kind is "painted"
};

}  // namespace gaplab
