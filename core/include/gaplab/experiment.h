// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The modality interface: one experiment (a spec and its loaded data) of any
// modality. The grid runner, every CLI command and the GUI's labs go through
// it; each modality implements it once (core/src/{image,sound,text}_modality.cpp).
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gaplab/checkpoint.h"
#include "gaplab/experiment_spec.h"
#include "gaplab/image_set.h"
#include "gaplab/metrics.h"
#include "gaplab/image_model.h"
#include "gaplab/positions.h"
#include "gaplab/training.h"

namespace gaplab {

class DefenceSubject;  // core-internal (core/src/defences/defence_subject.h); gaplab/defences.h runs the defences

// One test input as a front end shows it.
struct Sample {
  int index = 0;
  int label = 0;
  ImageShape shape;                 // image, or the sound's feature image (frames x bins)
  std::vector<float> pixels;        // CHW
  std::vector<float> waveform;      // sound
  int rate = 0;                     // sound
  std::vector<std::string> tokens;  // text: the standardised review
};

// One input with the trigger at a placement, through one model.
struct Inspection {
  std::vector<float> probabilities;  // per class
  int predicted = -1;
  std::vector<float> input;          // image/sound: the triggered input, CHW
  Heatmap cam;                       // image/sound: CAM (GAP) or Grad-CAM (FC) of the predicted class
  std::vector<std::string> tokens;   // text: the triggered sequence
  std::vector<float> relevance;      // text: per token of that sequence
  bool truncated = false;            // text: truncation cut a trigger word
};

// A placement in the coordinates of the input a front end shows: image: the
// trigger's top-left pixel; sound: y = onset frame of the feature image (x =
// first bin, for painted triggers); text: x = the token the trigger goes before.
using Placement = Position;

// One model instance with its attack pool (the test inputs whose true class
// is not the target, in core's fixed random order, attackOrder). Not safe to
// use from two threads at once: each worker gets its own.
class ModelSession {
public:
  virtual ~ModelSession() = default;
  virtual int poolSize() const = 0;
  // Counts over pool rows [start, start + count) with the trigger at `placement`.
  virtual AttackMetrics attack(int start, int count, Placement placement) = 0;
  // Every pool input among the first `limit` test inputs (all when
  // negative), in test order, with the trigger at a named placement (the
  // grid's and the CLI's test positions).
  virtual AttackResult attackAt(const std::string& placement, int limit = -1) = 0;
  // Accuracy on the first `limit` clean test inputs (all when negative).
  virtual double cleanAccuracy(int limit = -1) = 0;
  virtual Inspection inspect(int sampleIndex, const Placement* placement) = 0;  // nullptr: clean
  // Every placement on a stride grid, for the position map.
  virtual std::vector<Placement> placements(int stride) const = 0;
  // Writes the model as a checkpoint (FILE and FILE.json, atomically).
  virtual void save(const TrainingRecord& record, const std::string& path) const = 0;
};

// One training's outcome, the model ready to attack, inspect or save.
struct TrainedModel {
  TrainingRecord record;  // spec (heads: the one trained), position, rep, seed, epochs, clean accuracy
  TrainingResult training;
  int poisonCount = 0;
  double poisonPercent = 0;  // of the training split
  std::vector<int> testLabels;
  std::vector<int> cleanPredictions;  // per test input
  std::unique_ptr<ModelSession> model;
};

// The backdoor watched while a model trains (the lecture view): after every
// epoch and, within epochs, every `everyBatches` batches (0: epochs only)
// or, with `costShare`, as often as the readings measured so far allow at
// that share of the training time; on the first `inputs` test inputs, clean
// and with the trigger at each of `placements`. It draws no random numbers:
// a probed training trains the same bits as any other.
struct TrainingProbe {
  std::vector<std::string> placements;  // named, e.g. the training position and an off-position
  int inputs = 200;
  int everyBatches = 0;
  double costShare = 0;  // > 0: read within epochs as often as costs this share of the training
  struct Reading {
    int epoch = 0;    // 0-based
    int batch = 0;    // 1-based within the epoch; == batches at its end (after validation)
    int batches = 0;
    double epochs() const { return TrainingPoint{epoch, batch, batches}.epochs(); }  // done so far, fractional
    double cleanAccuracy = 0;
    std::vector<AttackMetrics> attacks;  // per placement: ASR and R-Acc
  };
  std::function<void(const Reading&)> onReading;
};

// One training of an experiment: the head, where the poison goes (a
// training position of the modality, "random" or "random-pattern"), the rep
// (seed spec.seed + rep) and, for poison-budget sweeps, how many training
// inputs to poison instead of the spec's count.
struct TrainingRequest {
  Head head = Head::Gap;
  std::string position;
  int rep = 0;
  std::optional<int> poisonCount;
};

class Experiment {
public:
  // What slow first-time preparation (speech synthesis) reports: what, done, total.
  using LoadProgress = std::function<void(const std::string& what, int done, int total)>;
  // Loads the spec's data; throws Error naming what is missing or wrong.
  static std::unique_ptr<Experiment> open(const ExperimentSpec& spec, const LoadProgress& progress = {});
  virtual ~Experiment() = default;

  const ExperimentSpec& spec() const { return spec_; }
  virtual std::vector<std::string> classNames() const = 0;
  virtual int trainCount() const = 0;  // inputs in the training split (what poisoning percentages refer to)
  virtual int testCount() const = 0;
  virtual Sample sample(int index) const = 0;
  // The extent of the trigger in the input's coordinates (text: 1 x word count).
  virtual Extent triggerExtent() const = 0;

  // One poisoned training: poison as `request` says, train with its rep's
  // seed (spec.seed + rep), measure clean accuracy. Throws Cancelled when
  // *stop. With `probe`, the backdoor is measured while it trains as well.
  virtual TrainedModel train(const TrainingRequest& request, const TrainingCallbacks& callbacks = {},
                             const std::atomic<bool>* stop = nullptr, const TrainingProbe* probe = nullptr) const = 0;
  // The spec's poison count at `trainPosition`.
  TrainedModel train(Head head, const std::string& trainPosition, int rep, const TrainingCallbacks& callbacks = {},
                     const std::atomic<bool>* stop = nullptr, const TrainingProbe* probe = nullptr) const {
    return train(TrainingRequest{head, trainPosition, rep, std::nullopt}, callbacks, stop, probe);
  }
  // The count of training inputs `request` poisons (throws Error if out of range).
  int poisonCountFor(const TrainingRequest& request) const;
  // A fresh model instance from a checkpoint of this experiment's modality;
  // `current` carries the trigger and target to attack with.
  virtual std::unique_ptr<ModelSession> session(const std::string& checkpoint, const ExperimentSpec& current) const = 0;
  // What the defences see of a checkpoint of this experiment (core-internal).
  virtual std::unique_ptr<DefenceSubject> defenceSubject(const std::string& checkpoint) const = 0;

protected:
  explicit Experiment(ExperimentSpec spec) : spec_(std::move(spec)) {}

private:
  ExperimentSpec spec_;
};

// A training as the CLI's `train` and the GUI's labs keep it: trained, its
// record's ASR at the training position measured (0 for "random"), saved to
// `checkpoint`.
TrainedModel trainAndSave(const Experiment& experiment, Head head, const std::string& trainPosition, int rep,
                          const std::string& checkpoint, const TrainingCallbacks& callbacks = {},
                          const std::atomic<bool>* stop = nullptr, const TrainingProbe* probe = nullptr);

// A placement as a named position the CLI and the defences take: image
// "x:y", sound "@SECONDS" (its onset frame's time), text "@TOKEN".
std::string placementToken(const ExperimentSpec& spec, Placement placement);

// The record in any checkpoint's sidecar (validates the checkpoint).
TrainingRecord readTrainingRecord(const std::string& checkpoint);

}  // namespace gaplab
