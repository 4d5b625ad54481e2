// SPDX-License-Identifier: GPL-3.0-or-later
// One detect-grid job: train (or reuse) one grid model, run each defence on it.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "gaplab/detect_grid.h"
#include "gaplab/error.h"
#include "gaplab/grid.h"

namespace gaplab {

namespace fs = std::filesystem;

namespace {

// Whether `checkpoint` already holds this training of `spec` (a rerun after
// an interruption between training and the defences).
bool holds(const std::string& checkpoint, const ExperimentSpec& spec, const GridJob::Training& training) {
  if (checkpoint.empty() || !fs::exists(checkpoint) || !fs::exists(checkpoint + ".json")) return false;
  try {
    const auto record = readTrainingRecord(checkpoint);
    return record.trainPosition == training.position && record.rep == training.rep &&
           record.spec.heads == std::vector<Head>{training.head} && record.seed == spec.seedForRep(training.rep) &&
           record.spec.poisonCount == spec.poisonCount && record.spec.dataset == spec.dataset &&
           record.spec.model == spec.model;
  } catch (const Error&) {
    return false;  // a damaged file: train again and replace it
  }
}

// A checkpoint file that is removed with its sidecar when the job ends.
struct TemporaryCheckpoint {
  std::string path;
  explicit TemporaryCheckpoint(int job) {
    // Unique per process, thread and moment: two jobs never share a file.
    const auto thread = std::hash<std::thread::id>()(std::this_thread::get_id());
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    path = (fs::temp_directory_path() / ("gaplab-detect-" + std::to_string(::getpid()) + "-" + std::to_string(job) +
                                         "-" + std::to_string(thread) + "-" + std::to_string(now) + ".pt"))
               .string();
  }
  ~TemporaryCheckpoint() {
    std::error_code ignored;
    fs::remove(path, ignored);
    fs::remove(path + ".json", ignored);
  }
};

}  // namespace

std::vector<DetectRow> runDetectJob(const Experiment& experiment, int job, const std::vector<DefenceMethod>& methods,
                                    const DefenceSettings& settings, const std::string& checkpoint,
                                    const std::function<void(const DetectJobProgress&)>& progress,
                                    const std::atomic<bool>* stop) {
  const auto& spec = experiment.spec();
  const auto training = GridJob::training(spec, job);
  std::optional<TemporaryCheckpoint> temporary;
  if (checkpoint.empty()) temporary.emplace(job);
  const auto path = checkpoint.empty() ? temporary->path : checkpoint;
  if (!holds(path, spec, training)) {
    TrainingCallbacks callbacks;
    callbacks.onBatch = [&](const BatchProgress& batch) {
      if (progress) progress({"training", batch.epoch * batch.batches + batch.batch, batch.epochs * batch.batches, -1});
    };
    const auto trained = experiment.train(training.head, training.position, training.rep, callbacks, stop);
    trained.model->save(trained.record, path);
  }
  const auto record = readTrainingRecord(path);
  std::vector<DetectRow> rows;
  for (const auto method : methods) {
    const auto report = runDefence(experiment, path, method, settings,
                                   [&](const DefenceProgress& p) {
                                     if (progress) progress({p.stage, p.done, p.total, p.secondsLeft});
                                   },
                                   stop);
    const auto more = detectRows(report, record);
    rows.insert(rows.end(), more.begin(), more.end());
  }
  return rows;
}

}  // namespace gaplab
