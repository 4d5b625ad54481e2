// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "gaplab/experiment_spec.h"
#include "gaplab/metrics.h"
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

struct GridProgress {
  int training = 0;  // 1-based index of the current training
  int trainings = 0;
  std::string label;  // "gap @ upper-left, rep 0"
  BatchProgress batch;
};

// The train-position x test-position x head x rep grid. One training per
// (head, training position, rep), evaluated at every test position (the
// authors retrained per cell: 3-4x the work for the same numbers).
// run() may be called from a worker thread; requestStop() from any thread.
class GridJob {
public:
  explicit GridJob(ExperimentSpec spec);

  void setProgressCallback(std::function<void(const GridProgress&)> callback);
  void setRowCallback(std::function<void(const GridRow&)> callback);
  void setKeepPredictions(bool keep) { keepPredictions_ = keep; }
  void run();  // every job in order; throws Error; Cancelled when stopped
  // The grid's trainings, numbered in the order run() trains them: heads,
  // then training positions, then reps (a sweep's deterministic job list).
  struct Training {
    Head head;
    std::string position;
    int rep;
  };
  static int jobCount(const ExperimentSpec& spec);
  static Training training(const ExperimentSpec& spec, int job);
  // One job on an opened experiment: its rows, one per test position (kept
  // in rows() too); with `checkpoint`, the model is saved there as well.
  std::vector<GridRow> runJob(const Experiment& experiment, int job, const std::string& checkpoint = {});
  void requestStop() { stop_ = true; }
  bool stopRequested() const { return stop_; }

  const ExperimentSpec& spec() const { return spec_; }
  std::vector<GridRow> rows() const;  // a copy, safe while run() goes on
  std::vector<SamplePredictions> predictions() const;  // empty unless kept
  int classCount() const { return classes_; }  // once run() has opened the data

private:
  ExperimentSpec spec_;
  std::atomic<bool> stop_{false};
  std::function<void(const GridProgress&)> onProgress_;
  std::function<void(const GridRow&)> onRow_;
  mutable std::mutex mutex_;
  std::vector<GridRow> rows_;
  bool keepPredictions_ = false;
  std::vector<SamplePredictions> predictions_;
  std::atomic<int> classes_{0};
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
