// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Defences over a grid: every (head, training position, rep) model of a
// spec, trained or reused, each defence run on it; one row per (model,
// method, test position). `gaplab-cli detect-grid` runs it as a sweep
// (shards, resume, Slurm arrays); the GUI's Defences dock shows the same rows.
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gaplab/defences.h"
#include "gaplab/experiment.h"
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

// One detect-grid job: the grid's training `job` (GridJob::training order)
// and every method on it. With `checkpoint`, the model is kept there, and a
// model already there from the same training is used instead of training
// again. Throws Cancelled when *stop.
struct DetectJobProgress {
  std::string stage;  // "training", or a defence's progress stage
  int done = 0, total = 0;
  double secondsLeft = -1;
};
std::vector<DetectRow> runDetectJob(const Experiment& experiment, int job, const std::vector<DefenceMethod>& methods,
                                    const DefenceSettings& settings, const std::string& checkpoint,
                                    const std::function<void(const DetectJobProgress&)>& progress = {},
                                    const std::atomic<bool>* stop = nullptr);

}  // namespace gaplab
