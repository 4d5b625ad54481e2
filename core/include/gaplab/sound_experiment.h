// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gaplab/experiment_spec.h"
#include "gaplab/image_set.h"
#include "gaplab/metrics.h"
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
class SoundExperiment {
public:
  // Loads and featurises the clips; throws Error. `progress(done, total)`
  // reports speech synthesis when the keyword set is made on first use.
  explicit SoundExperiment(ExperimentSpec spec, const std::function<void(int, int)>& progress = {});

  struct Trained {
    ImageModel model;
    TrainingResult training;
    std::vector<int> poisonedIndices;  // into the training clips
    std::uint64_t seed = 0;
    double cleanAccuracy = 0;
    std::vector<int> cleanPredictions;
  };
  // `afterEpoch`, if given, sees the model after every epoch (the lecture view's probe).
  using EpochHook = std::function<void(const ImageModel& model, const EpochReport& report)>;
  Trained train(Head head, const std::string& placement, int rep, const TrainingCallbacks& callbacks = {},
                const std::atomic<bool>* stop = nullptr, const EpochHook& afterEpoch = {}) const;

  using Attack = AttackResult;
  Attack attack(const ImageModel& model, const std::string& placement) const;

  // Featurised and normalised with the training statistics.
  ImageSet features(const std::vector<std::vector<float>>& clips, const std::vector<int>& labels) const;
  const ExperimentSpec& spec() const { return spec_; }
  const SoundSplits& clips() const { return clips_; }
  const SoundTrigger& trigger() const { return trigger_; }
  const ImageSet& cleanTest() const { return test_; }
  // Features of `clips` with the trigger at `placement`: added to the waveform
  // and featurised, or, for a painted trigger, stamped on `cleanFeatures`.
  ImageSet triggeredFeatures(const std::vector<std::vector<float>>& clips, const ImageSet& cleanFeatures,
                             const std::vector<int>& labels, const std::string& placement) const;

private:
  ExperimentSpec spec_;
  SoundSplits clips_;
  FeatureNormaliser normaliser_;
  ImageSet train_, validation_, test_;
  SoundTrigger trigger_;
  Trigger painted_;  // the spec's image trigger, used when sound.trigger.kind is "painted"
};

}  // namespace gaplab
