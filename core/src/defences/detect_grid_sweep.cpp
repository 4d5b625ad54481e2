// SPDX-License-Identifier: GPL-3.0-or-later
// The detect grid: train (or reuse) each grid model, run each defence on it.
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "gaplab/detect_grid.h"
#include "gaplab/error.h"
#include "gaplab/grid.h"
#include "gaplab/csv.h"

namespace gaplab {

namespace fs = std::filesystem;

namespace {

// Whether `checkpoint` already holds this training of `spec` (a rerun after
// an interruption between training and the defences).
bool holds(const std::string& checkpoint, const ExperimentSpec& spec, const GridTraining& training) {
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

DetectGridSweep::DetectGridSweep(ExperimentSpec spec, std::vector<DefenceMethod> methods, DefenceSettings settings)
    : spec_(std::move(spec)), methods_(std::move(methods)), settings_(std::move(settings)) {
  spec_.validate();
}

std::string DetectGridSweep::identity() const {
  nlohmann::json names = nlohmann::json::array();
  for (const auto method : methods_) names.push_back(defenceMethodName(method));
  return nlohmann::json{{"spec", nlohmann::json::parse(specToJson(spec_))},
                        {"methods", names},
                        {"defences", nlohmann::json::parse(defenceSettingsJson(settings_))}}
      .dump();
}

int DetectGridSweep::jobCount() const { return gridJobCount(spec_); }

std::string DetectGridSweep::jobLabel(int job) const { return gridJobLabel(spec_, job); }

std::string DetectGridSweep::describe(const DetectRow& row) const {
  std::string what = row.head + " @ " + row.posTrain + ", rep " + std::to_string(row.rep) + ": " + row.method +
                     (row.posTest.empty() ? "" : " @ " + row.posTest) + ":";
  if (row.targetFlagged) what += std::string(" target ") + (*row.targetFlagged ? "flagged" : "not flagged");
  if (row.anomalyIndex) what += ", anomaly index " + std::to_string(*row.anomalyIndex).substr(0, 5);
  if (row.far) what += " FAR " + percentText(*row.far);
  if (row.poisonRecall)
    what += " recall " + percentText(*row.poisonRecall) + ", precision " + percentText(row.poisonPrecision.value_or(0));
  return what;
}

std::vector<DetectRow> DetectGridSweep::runJob(const Experiment& experiment, int job, const std::string& checkpoint,
                                               const JobProgressCallback& progress, const std::atomic<bool>* stop) {
  if (stop && *stop) throw Cancelled();
  if (!(experiment.spec().modality == spec_.modality)) throw Error("the experiment is not the detect grid's");
  const auto training = gridTraining(spec_, job);
  auto where = JobProgress::of(job, jobCount(), jobLabel(job));
  std::optional<TemporaryCheckpoint> temporary;
  if (checkpoint.empty()) temporary.emplace(job);
  const auto path = checkpoint.empty() ? temporary->path : checkpoint;
  if (!holds(path, spec_, training)) {
    TrainingCallbacks callbacks;
    callbacks.onBatch = [&](const BatchProgress& batch) {
      where.batch = batch;
      if (progress) progress(where);
    };
    const auto trained = experiment.train(training.head, training.position, training.rep, callbacks, stop);
    trained.model->save(trained.record, path);
  }
  const auto record = readTrainingRecord(path);
  std::vector<DetectRow> rows;
  for (const auto method : methods_) {
    const auto report = runDefence(experiment, path, method, settings_,
                                   [&](const DefenceProgress& p) {
                                     where.stage = p.stage;
                                     where.done = p.done;
                                     where.total = p.total;
                                     where.secondsLeft = p.secondsLeft;
                                     if (progress) progress(where);
                                   },
                                   stop);
    const auto more = detectRows(report, record);
    rows.insert(rows.end(), more.begin(), more.end());
  }
  return rows;
}

}  // namespace gaplab
