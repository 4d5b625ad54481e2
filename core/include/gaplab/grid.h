// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "gaplab/experiment_spec.h"
#include "gaplab/metrics.h"
#include "gaplab/sweep_jobs.h"
#include "gaplab/table.h"
#include "gaplab/training.h"

namespace gaplab {

class Experiment;

// One row per (head, training position, rep, test position).
struct GridRow {
  std::string modality;
  std::string dataset;
  std::string model;
  std::string head;
  std::string posTrain;
  std::string posTest;
  int nPoison = 0;
  double poisonPercent = 0;
  int rep = 0;
  std::uint64_t seed = 0;
  int epochs = 0;
  double cleanAccuracy = 0;
  double asr = 0;
  double robustAccuracy = 0;
  int evaluated = 0;
  int truncated = 0;  // text: triggered reviews whose trigger truncation cut off
};

// Per-sample predictions of one trained model on one test condition, kept so
// that any metric can be recomputed later.
struct SamplePredictions {
  std::string head;
  std::string posTrain;
  int rep = 0;
  std::string posTest;  // "clean" for the untouched test set
  std::vector<int> samples;  // test-set indices
  std::vector<int> labels;   // true labels
  std::vector<int> predictions;
};

// One training of the grid: jobs are numbered in the order the grid trains
// them, heads, then training positions, then reps.
struct GridTraining {
  Head head = Head::Gap;
  std::string position;
  int rep = 0;
};
int gridJobCount(const ExperimentSpec& spec);
GridTraining gridTraining(const ExperimentSpec& spec, int job);  // throws Error for a job not in the grid
std::string gridJobLabel(const ExperimentSpec& spec, int job);    // "gap @ upper-left, rep 0"

// The train-position x test-position x head x rep grid. One training per
// (head, training position, rep), evaluated at every test position (the
// authors retrained per cell: 3-4x the work for the same numbers).
class GridSweep : public SweepOf<GridRow> {
public:
  explicit GridSweep(ExperimentSpec spec);  // throws Error for an invalid spec
  // Keeps every sample's prediction of each job run (predictions()).
  void setKeepPredictions(bool keep) { keepPredictions_ = keep; }
  std::vector<SamplePredictions> predictions() const;  // a copy, safe while jobs run

  std::string kind() const override { return "grid"; }
  const ExperimentSpec& spec() const override { return spec_; }
  std::string identity() const override;
  int jobCount() const override { return gridJobCount(spec_); }
  std::string jobLabel(int job) const override;
  const Table<GridRow>& table() const override;
  // The rows of one training, one per test position.
  std::vector<GridRow> runJob(const Experiment& experiment, int job, const std::string& checkpoint,
                              const JobProgressCallback& progress, const std::atomic<bool>* stop) override;
  std::string describe(const GridRow& row) const override;

private:
  ExperimentSpec spec_;
  bool keepPredictions_ = false;
  mutable std::mutex mutex_;
  std::vector<SamplePredictions> predictions_;
};

// The grid's CSV: modality,dataset,model,head,pos_train,pos_test,
// n_poison,poison_pct,rep,seed,epochs,clean_acc,asr,r_acc,n_eval,n_truncated
const Table<GridRow>& gridCsvTable();
// JSON: the spec and, per (head, pos_train, pos_test), mean and std of
// clean_acc, asr, r_acc and epochs over reps (with `filter` on, over the
// runs it keeps, and how many it dropped).
std::string gridSummaryJson(const std::vector<GridRow>& rows, const ExperimentSpec& spec,
                            const FailedRunFilter& filter = {});
// CSV: head,pos_train,rep,pos_test,sample,label,prediction
std::string predictionsCsv(const std::vector<SamplePredictions>& predictions);
// A fixed-width table of mean ASR per cell, for terminals and the README.
std::string gridTable(const std::vector<GridRow>& rows, const FailedRunFilter& filter = {});

}  // namespace gaplab
