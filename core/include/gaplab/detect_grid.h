// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Defences over a grid: every (head, training position, rep) model of a
// spec, trained or reused, each defence run on it; one row per (model,
// method, test position). `gaplab-cli detect-grid` runs it as a sweep
// (shards, resume, Slurm arrays); the GUI's Defences dock shows the same rows.
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "gaplab/defences.h"
#include "gaplab/experiment.h"
#include "gaplab/sweep_jobs.h"
#include "gaplab/table.h"

namespace gaplab {

struct DetectRow {
  std::string modality, dataset, model, head, posTrain, posTest;  // posTest empty: the method has none
  int rep = 0;
  std::uint64_t seed = 0;
  std::string method;
  int target = 0;
  std::vector<int> flagged;           // NC: the classes flagged
  std::optional<bool> targetFlagged;  // NC: the target among them
  std::optional<double> anomalyIndex, maskL1Target, maskIou;  // NC
  std::optional<double> frr, far;                             // STRIP (the report's boundary)
  std::optional<double> attackSuccess, farSuccessful;         // STRIP: the trigger's ASR there; FAR over its hits
  std::optional<double> poisonPrecision, poisonRecall;        // AC, SS
  double seconds = 0;
};

// The rows of one report on the model `record` describes.
std::vector<DetectRow> detectRows(const DefenceReport& report, const TrainingRecord& record);
// The detect grid's CSV: modality,dataset,model,head,pos_train,pos_test,rep,
// seed,method,target,flagged (classes, ';'-separated),target_flagged (0/1),
// anomaly_index,mask_l1_target,mask_iou,frr,far,poison_precision,
// poison_recall,seconds,attack_success,far_successful (empty: not measured)
const Table<DetectRow>& detectCsvTable();
// JSON: the spec and, per (method, head, pos_train, pos_test), the mean over
// reps of each measure that applies and how often NC flagged the target.
std::string detectSummaryJson(const std::vector<DetectRow>& rows, const ExperimentSpec& spec);
std::string detectTable(const std::vector<DetectRow>& rows);  // for the terminal

// Every defence named on every model of a grid: one job per grid training
// (gridTraining's order), trained, or reused from its checkpoint when that
// holds the same training (a rerun after an interruption between training
// and the defences).
class DetectGridSweep : public SweepOf<DetectRow> {
public:
  DetectGridSweep(ExperimentSpec spec, std::vector<DefenceMethod> methods, DefenceSettings settings);

  std::string kind() const override { return "detect-grid"; }
  const ExperimentSpec& spec() const override { return spec_; }
  std::string identity() const override;  // the spec, the methods and the defences' settings
  int jobCount() const override;
  std::string jobLabel(int job) const override;
  const Table<DetectRow>& table() const override { return detectCsvTable(); }
  std::vector<DetectRow> runJob(const Experiment& experiment, int job, const std::string& checkpoint,
                                const JobProgressCallback& progress, const std::atomic<bool>* stop) override;
  std::string describe(const DetectRow& row) const override;

private:
  ExperimentSpec spec_;
  std::vector<DefenceMethod> methods_;
  DefenceSettings settings_;
};

}  // namespace gaplab
