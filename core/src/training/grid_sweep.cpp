// SPDX-License-Identifier: GPL-3.0-or-later
#include <nlohmann/json.hpp>

#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "gaplab/grid.h"
#include "gaplab/csv.h"

namespace gaplab {

int gridJobCount(const ExperimentSpec& spec) {
  return static_cast<int>(spec.heads.size() * spec.trainPositions.size()) * spec.reps;
}

GridTraining gridTraining(const ExperimentSpec& spec, int job) {
  if (job < 0 || job >= gridJobCount(spec)) throw Error("grid job " + std::to_string(job) + " does not exist");
  const int reps = spec.reps, positions = static_cast<int>(spec.trainPositions.size());
  return {spec.heads[static_cast<std::size_t>(job / (reps * positions))],
          spec.trainPositions[static_cast<std::size_t>(job / reps % positions)], job % reps};
}

GridSweep::GridSweep(ExperimentSpec spec) : spec_(std::move(spec)) { spec_.validate(); }

std::string GridSweep::identity() const {
  return nlohmann::json{{"spec", nlohmann::json::parse(specToJson(spec_))}}.dump();
}

std::string gridJobLabel(const ExperimentSpec& spec, int job) {
  const auto training = gridTraining(spec, job);
  return toString(training.head) + " @ " + training.position + ", rep " + std::to_string(training.rep);
}

std::string GridSweep::jobLabel(int job) const { return gridJobLabel(spec_, job); }

const Table<GridRow>& GridSweep::table() const { return gridCsvTable(); }

std::string GridSweep::describe(const GridRow& row) const {
  return row.head + " trained @ " + row.posTrain + ", tested @ " + row.posTest + ": clean " +
         percentText(row.cleanAccuracy) + ", ASR " + percentText(row.asr);
}

std::vector<SamplePredictions> GridSweep::predictions() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return predictions_;
}

std::vector<GridRow> GridSweep::runJob(const Experiment& experiment, int job, const std::string& checkpoint,
                                       const JobProgressCallback& progress, const std::atomic<bool>* stop) {
  if (stop && *stop) throw Cancelled();
  const auto [head, trainPosition, rep] = gridTraining(spec_, job);
  auto where = JobProgress::of(job, jobCount(), jobLabel(job));
  TrainingCallbacks callbacks;
  callbacks.onBatch = [&](const BatchProgress& batch) {
    where.batch = batch;
    if (progress) progress(where);
  };
  const auto cell = experiment.train(head, trainPosition, rep, callbacks, stop);
  if (!checkpoint.empty()) cell.model->save(cell.record, checkpoint);
  std::vector<SamplePredictions> kept;
  if (keepPredictions_) {
    std::vector<int> all(cell.testLabels.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
    kept.push_back({toString(head), trainPosition, rep, "clean", std::move(all), cell.testLabels, cell.cleanPredictions});
  }
  std::vector<GridRow> rows;
  for (const auto& testPosition : spec_.testPositions) {
    if (stop && *stop) throw Cancelled();
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
    if (keepPredictions_)
      kept.push_back({row.head, trainPosition, rep, testPosition, attack.samples, attack.labels, attack.predictions});
    rows.push_back(row);
  }
  if (keepPredictions_) {
    std::lock_guard<std::mutex> lock(mutex_);
    predictions_.insert(predictions_.end(), kept.begin(), kept.end());
  }
  return rows;
}

}  // namespace gaplab
