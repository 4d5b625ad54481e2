#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gaplab/checkpoint.h"
#include "gaplab/evaluation.h"
#include "gaplab/experiment_spec.h"
#include "gaplab/metrics.h"
#include "gaplab/model.h"
#include "gaplab/positions.h"
#include "gaplab/training.h"
#include "gaplab/trigger.h"

namespace gaplab::app {

// Where a trigger sits, in the coordinates of the input the user sees:
// image: top-left pixel; sound: x = first feature bin, y = onset frame (the
// feature image has time down the rows); text: x = the token it goes before.
using Placement = Position;

// One test input as the workspace shows it.
struct LabSample {
  int index = 0;
  int label = 0;
  ImageShape shape;             // image, or the sound's feature image (frames x bins)
  std::vector<float> pixels;    // CHW
  std::vector<float> waveform;  // sound
  int rate = 0;
  std::vector<std::string> tokens;  // text: the standardised review
};

// One input with the trigger at a placement, through one model.
struct Inspection {
  std::vector<float> probabilities;  // per class
  int predicted = -1;
  std::vector<float> input;          // image/sound: the triggered input, CHW
  Heatmap cam;                       // image/sound: CAM (GAP) or Grad-CAM (FC) of the target class
  std::vector<std::string> tokens;   // text: the triggered sequence
  std::vector<float> relevance;      // text: per token of that sequence
  bool truncated = false;            // text: truncation cut a trigger word
};

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

// One private model instance and its attack pool, for one worker thread at a
// time (models are not thread-safe; each worker gets its own copy).
class ModelSession {
public:
  virtual ~ModelSession() = default;
  virtual int poolSize() const = 0;  // test inputs whose true class is not the target, shuffled
  virtual AttackMetrics attack(int start, int count, Placement placement) = 0;
  virtual Inspection inspect(int sampleIndex, const Placement* placement) = 0;  // nullptr: clean
  // Every placement on a stride grid, for the position map.
  virtual std::vector<Placement> placements(int stride) const = 0;
};

// One modality's data and trained models, for the GUI. Loading and training
// are slow: call them on a worker thread. The const members may be called
// from any thread.
class Lab {
public:
  virtual ~Lab() = default;
  // Loads the spec's data (throws Error naming what is missing). `progress`
  // reports slow first-time preparation (speech synthesis): what, done, total.
  using LoadProgress = std::function<void(const std::string& what, int done, int total)>;
  static std::shared_ptr<Lab> open(const ExperimentSpec& spec, const LoadProgress& progress = {});

  const ExperimentSpec& spec() const { return spec_; }
  virtual std::vector<std::string> classNames() const = 0;
  virtual int testCount() const = 0;
  virtual int trainCount() const = 0;  // inputs in the training split (what poisoning percentages refer to)
  virtual LabSample sample(int index) const = 0;
  // The extent of the trigger in the input's coordinates (text: 1 x word count).
  virtual Extent triggerExtent() const = 0;

  // Trains the model for `head` poisoned at the spec's first training
  // position, or loads it from `cacheDir` if the same spec and seed were
  // trained before; the checkpoint is kept there.
  LabModelInfo train(Head head, const std::string& cacheDir, const TrainingCallbacks& callbacks,
                     const std::atomic<bool>* stop) const;
  // A fresh model instance from a checkpoint, for one worker; `current` carries
  // the trigger and target to attack with (the user may have repainted it).
  virtual std::unique_ptr<ModelSession> session(const std::string& checkpoint, const ExperimentSpec& current) const = 0;

  // The cache file for a head ("<cacheDir>/models/<hash>.pt").
  std::string cachePath(Head head, const std::string& cacheDir) const;

protected:
  explicit Lab(ExperimentSpec spec) : spec_(std::move(spec)) {}
  // Trains and writes the checkpoint to `path`.
  virtual LabModelInfo trainAndSave(Head head, const std::string& path, const TrainingCallbacks& callbacks,
                                    const std::atomic<bool>* stop) const = 0;
  // The record of a cached checkpoint (image and sound checkpoints by default).
  virtual LabModelInfo readInfo(const std::string& path) const;

private:
  ExperimentSpec spec_;
};

LabModelInfo labModelInfo(const TrainingRecord& record, std::vector<EpochReport> history);

// A session on a model already in memory (the model must not be used elsewhere meanwhile).
std::unique_ptr<ModelSession> imageSession(std::shared_ptr<ImageModel> model, ImageSet test, Trigger trigger,
                                           int target);

std::shared_ptr<Lab> openImageLab(const ExperimentSpec& spec);
std::shared_ptr<Lab> openSoundLab(const ExperimentSpec& spec, const Lab::LoadProgress& progress);
std::shared_ptr<Lab> openTextLab(const ExperimentSpec& spec);

}  // namespace gaplab::app
