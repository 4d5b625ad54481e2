// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gaplab/checkpoint.h"
#include "gaplab/defences.h"
#include "gaplab/experiment.h"
#include "gaplab/experiment_spec.h"
#include "gaplab/training.h"

namespace gaplab::app {

// The GUI's names for core's modality interface (gaplab/experiment.h).
using gaplab::Inspection;
using gaplab::ModelSession;
using gaplab::Placement;
using LabSample = gaplab::Sample;

// A trained model's record, shown in the GUI and kept with the session.
struct LabModelInfo {
  Head head = Head::Gap;
  std::string checkpoint;  // the cache file
  bool fromCache = false;
  double cleanAccuracy = 0;
  double asrAtTrainPosition = 0;
  int epochs = 0;
  std::vector<EpochReport> history;
};

// One modality's experiment for the GUI, with the model cache. Loading and
// training are slow: call them on a worker thread. The const members may be
// called from any thread.
class Lab {
public:
  using LoadProgress = Experiment::LoadProgress;
  static std::shared_ptr<Lab> open(const ExperimentSpec& spec, const LoadProgress& progress = {});
  explicit Lab(std::unique_ptr<const Experiment> experiment) : experiment_(std::move(experiment)) {}

  const ExperimentSpec& spec() const { return experiment_->spec(); }
  std::vector<std::string> classNames() const { return experiment_->classNames(); }
  int testCount() const { return experiment_->testCount(); }
  int trainCount() const { return experiment_->trainCount(); }
  LabSample sample(int index) const { return experiment_->sample(index); }
  Extent triggerExtent() const { return experiment_->triggerExtent(); }

  // Trains the model for `head` poisoned at the spec's first training
  // position (rep 0: gaplab-cli train's model, bit for bit), or loads it from
  // `cacheDir` if the same spec and seed were trained before by a build with
  // the same training numerics; the checkpoint is kept there.
  LabModelInfo train(Head head, const std::string& cacheDir, const TrainingCallbacks& callbacks,
                     const std::atomic<bool>* stop, const TrainingProbe* probe = nullptr) const;
  // A fresh model instance from a checkpoint, for one worker; `current` carries
  // the trigger and target to attack with (the user may have repainted it).
  std::unique_ptr<ModelSession> session(const std::string& checkpoint, const ExperimentSpec& current) const {
    return experiment_->session(checkpoint, current);
  }

  // A defence on a checkpoint of this lab's data (slow: a worker thread).
  DefenceReport defend(const std::string& checkpoint, DefenceMethod method, const DefenceSettings& settings,
                       const DefenceProgressFn& progress, const std::atomic<bool>* stop) const {
    return runDefence(*experiment_, checkpoint, method, settings, progress, stop);
  }

  // The cache file for a head ("<cacheDir>/models/<hash>.pt").
  std::string cachePath(Head head, const std::string& cacheDir) const;

private:
  std::unique_ptr<const Experiment> experiment_;
};

LabModelInfo labModelInfo(const TrainingRecord& record, std::vector<EpochReport> history);

}  // namespace gaplab::app
