// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "gaplab/image_set.h"
#include "gaplab/image_model.h"

namespace gaplab {

// The version of everything that decides a trained model's bits for a given
// spec and seed (random streams, initialisation, kernels' order of work).
// Bump it with any change that makes the same spec train other weights, so
// that caches keyed on the spec do not pass older builds' models off as this
// build's. 2: each training owns its random streams (no global generator).
// 3: sound features are computed one clip at a time (other bits than batched).
// 4: evaluation without gradients (validation loss, early stopping) runs its
// dense layers through the row-independent kernel of row_stable.h.
// 5: and its 3x3 convolutions through the Winograd pass of winograd_conv.h.
// 6: that pass takes 4x4 tiles where they need fewer products.
// 7: every modality's poison choice and random placements draw from named
// streams of the rep's seed (rng.h's RandomStream), one per part (training,
// validation); fixed placements with the first-N rules train the same bits.
// 8: one poison plan for every modality: every poisoned input's random
// placement is drawn before any random pattern (images did so already), and
// a random-pattern review's words come from a seed of its own. Only sound and
// text random-pattern trainings change.
inline constexpr int kTrainingNumericsVersion = 8;

enum class OptimizerKind { RmsProp, Adam, Sgd };
std::string toString(OptimizerKind kind);
OptimizerKind optimizerFromString(const std::string& text);

// From epoch `fromEpoch` (0-based) on, the learning rate is `lr`.
struct LrStep {
  int fromEpoch = 0;
  double lr = 1e-3;
};

struct TrainingConfig {
  OptimizerKind optimizer = OptimizerKind::Adam;
  double lr = 1e-3;
  double eps = 1e-7;
  double rho = 0.9;  // RMSprop's moving-average factor (Keras' rho)
  std::vector<LrStep> schedule;  // overrides lr epoch by epoch, like Keras' LearningRateScheduler
  int batchSize = 64;
  int epochs = 10;
  int patience = 5;  // early stopping on validation loss; best weights restored. 0: off
  double l2 = 0.0;   // Keras-style L2 on conv kernels: loss += l2 * sum(w^2)
  std::uint64_t seed = 1;
  int threads = 0;  // 0: LibTorch's default

  void validate() const;
  double lrAt(int epoch) const;
};

struct EpochReport {
  int epoch = 0;  // 0-based
  double lr = 0;
  double trainLoss = 0;
  double trainAccuracy = 0;
  double validationLoss = 0;
  double validationAccuracy = 0;
};

struct BatchProgress {
  int epoch = 0;
  int epochs = 0;
  int batch = 0;  // 1-based within the epoch
  int batches = 0;
  double loss = 0;
};

struct TrainingCallbacks {
  std::function<void(const BatchProgress&)> onBatch;
  std::function<void(const EpochReport&)> onEpoch;
  // Called before every batch (epoch 0-based, batch 1-based); it may block,
  // to pause a training for a lecture. A stop request is honoured after it.
  std::function<void(int epoch, int batch)> beforeBatch;
  // Called after every batch's onBatch; it may look at the model (switching
  // it to eval mode, drawing no random numbers): the training puts it back
  // into training mode before the next batch.
  std::function<void(int epoch, int batch, int batches)> afterBatch;
};

// A moment in a training at which an experiment looks at its model: after
// batch `batch` (1-based) of `batches` in `epoch` (0-based); batch == batches
// is the end of the epoch, after validation.
struct TrainingPoint {
  int epoch = 0;
  int batch = 0;
  int batches = 0;
  bool epochEnd() const { return batch == batches; }
  double epochs() const { return epoch + (batches > 0 ? double(batch) / batches : 1.0); }  // done so far
};

// Pause, resume and single-epoch steps for a training shown in a lecture.
// Its beforeBatch() goes into TrainingCallbacks::beforeBatch; the other
// members may be called from any thread.
class PauseGate {
public:
  explicit PauseGate(const std::atomic<bool>* stop = nullptr) : stop_(stop) {}
  void pause();      // the next batch waits
  void resume();     // batches run freely again
  void stepEpoch();  // runs to the end of the current epoch, then waits again
  // Blocks while paused (or a step has reached its epoch's end); returns at
  // once when the training is asked to stop (wake() makes it look).
  void beforeBatch(int epoch, int batch);
  void wake();           // after a stop request: a waiting batch returns
  bool waiting() const;  // a batch is held at the gate now
  bool paused() const;

private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  const std::atomic<bool>* stop_;
  bool paused_ = false;
  int stepEpoch_ = -1;   // stepping: batches of this epoch may run
  int heldEpoch_ = -1;   // the epoch of the batch last seen
  bool waiting_ = false;
};

// `callbacks` with `look(point)` run at the end of every epoch (after their
// own onEpoch) and, with everyBatches > 0, after every everyBatches-th batch
// within an epoch: how an experiment looks at the model it is training (it
// draws no random numbers, so the training's bits do not change).
// With costShare > 0 the interval is measured instead: after every look, as
// many looks an epoch as cost about that share of the batches' time.
TrainingCallbacks withLooks(TrainingCallbacks callbacks, int everyBatches, std::function<void(const TrainingPoint&)> look,
                            double costShare = 0);

// What a training function is given to look at its model with (the lecture
// view's probe): `look` sees the model (and what else makes it up) at every
// epoch's end and, with everyBatches > 0, after every everyBatches-th batch.
template <class... Parts>
struct ModelLook {
  int everyBatches = 0;
  std::function<void(const Parts&..., const TrainingPoint&)> look;
  double costShare = 0;  // > 0: the interval measured to keep looks at this share of the training
  // `callbacks` with this look at `parts` (which must outlive the training).
  TrainingCallbacks hookInto(TrainingCallbacks callbacks, const Parts&... parts) const {
    if (!look) return callbacks;
    return withLooks(
        std::move(callbacks), everyBatches, [this, &parts...](const TrainingPoint& point) { look(parts..., point); },
        costShare);
  }
};

struct TrainingResult {
  std::vector<EpochReport> history;
  int epochsRun = 0;
  int bestEpoch = -1;
  double bestValidationLoss = 0;
  bool stoppedEarly = false;
};

// Trains in place; on return the model holds the best weights by validation
// loss. Throws Cancelled when *stop becomes true (checked every batch) and
// Error if the loss becomes NaN or infinite.
TrainingResult trainModel(ImageModel& model, const ImageSet& train, const ImageSet& validation,
                          const TrainingConfig& config, const TrainingCallbacks& callbacks = {},
                          const std::atomic<bool>* stop = nullptr);

// Sets LibTorch's thread count (0: unchanged). Process-wide.
void setTorchThreads(int threads);

}  // namespace gaplab
