// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "gaplab/grid.h"

namespace gaplab {

GridJob::GridJob(ExperimentSpec spec) : spec_(std::move(spec)) { spec_.validate(); }

void GridJob::setProgressCallback(std::function<void(const GridProgress&)> callback) {
  onProgress_ = std::move(callback);
}
void GridJob::setRowCallback(std::function<void(const GridRow&)> callback) { onRow_ = std::move(callback); }

std::vector<GridRow> GridJob::rows() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return rows_;
}

std::vector<SamplePredictions> GridJob::predictions() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return predictions_;
}

int GridJob::jobCount(const ExperimentSpec& spec) {
  return static_cast<int>(spec.heads.size() * spec.trainPositions.size()) * spec.reps;
}

GridJob::Training GridJob::training(const ExperimentSpec& spec, int job) {
  if (job < 0 || job >= jobCount(spec)) throw Error("grid job " + std::to_string(job) + " does not exist");
  const int reps = spec.reps, positions = static_cast<int>(spec.trainPositions.size());
  return {spec.heads[static_cast<std::size_t>(job / (reps * positions))],
          spec.trainPositions[static_cast<std::size_t>(job / reps % positions)], job % reps};
}

void GridJob::run() {
  const auto experiment = Experiment::open(spec_);
  classes_ = static_cast<int>(experiment->classNames().size());
  for (int job = 0; job < jobCount(spec_); ++job) runJob(*experiment, job);
}

std::vector<GridRow> GridJob::runJob(const Experiment& experiment, int job, const std::string& checkpoint) {
  if (stop_) throw Cancelled();
  const auto [head, trainPosition, rep] = training(spec_, job);
  GridProgress progress{job + 1, jobCount(spec_), toString(head) + " @ " + trainPosition + ", rep " + std::to_string(rep),
                        {}};
  TrainingCallbacks callbacks;
  callbacks.onBatch = [&](const BatchProgress& batch) {
    progress.batch = batch;
    if (onProgress_) onProgress_(progress);
  };
  const auto cell = experiment.train(head, trainPosition, rep, callbacks, &stop_);
  if (!checkpoint.empty()) cell.model->save(cell.record, checkpoint);
  if (keepPredictions_) {
    std::vector<int> all(cell.testLabels.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
    std::lock_guard<std::mutex> lock(mutex_);
    predictions_.push_back(
        {toString(head), trainPosition, rep, "clean", std::move(all), cell.testLabels, cell.cleanPredictions});
  }
  std::vector<GridRow> rows;
  for (const auto& testPosition : spec_.testPositions) {
    if (stop_) throw Cancelled();
    const auto attack = cell.model->attackAt(testPosition);
    GridRow row;
    row.modality = toString(spec_.modality);
    row.dataset = spec_.dataset;
    row.model = toString(spec_.model);
    row.head = toString(head);
    row.posTrain = trainPosition;
    row.posTest = testPosition;
    row.nPoison = cell.poisonCount;
    row.poisonPercent = cell.poisonPercent;
    row.rep = rep;
    row.seed = cell.record.seed;
    row.epochs = cell.training.epochsRun;
    row.cleanAccuracy = cell.record.cleanAccuracy;
    row.asr = attack.metrics.asr();
    row.robustAccuracy = attack.metrics.robustAccuracy();
    row.evaluated = attack.metrics.evaluated;
    row.truncated = attack.metrics.truncated;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      rows_.push_back(row);
      if (keepPredictions_)
        predictions_.push_back(
            {row.head, trainPosition, rep, testPosition, attack.samples, attack.labels, attack.predictions});
    }
    if (onRow_) onRow_(row);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace gaplab
