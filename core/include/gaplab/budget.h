// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The poison budget: how much poison a backdoor needs to fire at every
// position, for each head, when the poison sits at one position (fixed) or at
// a random one per sample (random; random-pattern: Salem et al.'s Random
// Backdoor). One training per head x regime x poison level x rep, each
// attacked at every position of the stride grid (the position map).
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gaplab/experiment_spec.h"
#include "gaplab/metrics.h"
#include "gaplab/sweep_jobs.h"
#include "gaplab/table.h"
#include "gaplab/training.h"

namespace gaplab {

class Experiment;

enum class PoisonRegime { Fixed, Random, RandomPattern };
std::string toString(PoisonRegime regime);                 // fixed | random | random-pattern
PoisonRegime poisonRegimeFromString(const std::string& text);  // throws Error listing the known ones
const std::vector<PoisonRegime>& allPoisonRegimes();
// The training placement a regime poisons at: fixed: the spec's first
// training position; random and random-pattern: themselves.
std::string regimePlacement(PoisonRegime regime, const ExperimentSpec& spec);

// A poison level as written: a count ("160") or a share of the training split ("2%").
struct PoisonLevel {
  double value = 0;
  bool percent = false;
  std::string text() const;  // as written back: "160", "2%"
};
PoisonLevel parsePoisonLevel(const std::string& text);  // throws Error naming it
// `trainingInputs` x value / 100, rounded, for a percentage; throws Error if
// more than the training split holds.
int poisonCountOf(const PoisonLevel& level, int trainingInputs);

struct BudgetPlan {
  ExperimentSpec spec;  // heads, reps, seed and everything the trainings share
  std::vector<PoisonLevel> levels;
  std::vector<PoisonRegime> regimes;
  int stride = 4;  // of the position grid the ASR is measured on
  void validate() const;
};

// One training of a budget sweep; jobs are numbered in the order the sweep
// runs them: heads, then regimes, then levels, then reps.
struct BudgetJob {
  int index = 0;
  Head head = Head::Gap;
  PoisonRegime regime = PoisonRegime::Fixed;
  PoisonLevel level;
  int rep = 0;
};
std::vector<BudgetJob> budgetJobs(const BudgetPlan& plan);

struct BudgetRow {
  std::string modality;
  std::string dataset;
  std::string model;
  std::string head;
  std::string regime;
  int nPoison = 0;
  double poisonPercent = 0;
  int rep = 0;
  std::uint64_t seed = 0;
  int epochs = 0;
  double cleanAccuracy = 0;
  double asrTrainPosition = 0;  // at the spec's first training position (where "fixed" poisons)
  double asrMean = 0;           // over every position of the grid
  double asrMin = 0;
  double asrP10 = 0;            // 10th percentile, linearly interpolated
  double coverage90 = 0;        // share of positions with ASR >= 0.9
  int positions = 0;
};

// The per-position ASRs' summary (mean, min, p10, coverage_90, count) into `row`.
void summarisePositions(const std::vector<double>& asrByPosition, BudgetRow& row);

// The budget's trainings as a sweep.
class BudgetSweep : public SweepOf<BudgetRow> {
public:
  explicit BudgetSweep(BudgetPlan plan);  // throws Error for an invalid plan
  const BudgetPlan& plan() const { return plan_; }

  std::string kind() const override { return "budget"; }
  const ExperimentSpec& spec() const override { return plan_.spec; }
  std::string identity() const override;  // the spec, levels, regimes and stride
  int jobCount() const override { return static_cast<int>(jobs_.size()); }
  std::string jobLabel(int job) const override;  // "gap, random, 2%, rep 0"
  int largestPoisonCount(const Experiment& experiment) const override;
  const Table<BudgetRow>& table() const override;
  // One model: trained, then attacked at every position of the stride grid.
  std::vector<BudgetRow> runJob(const Experiment& experiment, int job, const std::string& checkpoint,
                                const JobProgressCallback& progress, const std::atomic<bool>* stop) override;
  std::string describe(const BudgetRow& row) const override;

private:
  BudgetPlan plan_;
  std::vector<BudgetJob> jobs_;
};

// The budget's CSV, one row per model: modality,dataset,model,head,regime,
// n_poison,poison_pct,rep,seed,epochs,clean_acc,asr_train_pos,asr_mean,
// asr_min,asr_p10,coverage_90,n_positions
const Table<BudgetRow>& budgetCsvTable();
// Mean and std per (head, regime, level) and, per (head, regime), the poison %
// at which mean coverage_90 first reaches 0.9 (see budgetThreshold).
std::string budgetSummaryJson(const std::vector<BudgetRow>& rows, const ExperimentSpec& spec,
                              const FailedRunFilter& filter = {});
std::string budgetTable(const std::vector<BudgetRow>& rows, const FailedRunFilter& filter = {});

// One point of the budget figure: a (head, regime, level) cell's means and stds.
struct BudgetCell {
  std::string head;
  std::string regime;
  int nPoison = 0;
  double poisonPercent = 0;
  int runs = 0;
  int dropped = 0;  // by the failed-run filter
  MeanStd cleanAccuracy, asrTrainPosition, asrMean, asrMin, coverage90;
};
std::vector<BudgetCell> budgetCells(const std::vector<BudgetRow>& rows, const FailedRunFilter& filter = {});
// The poison % at which `coverage` (per ascending poison %) first reaches
// `level`, interpolated linearly on log poison % between the levels around
// it; nullopt when it never does. Levels at 0% count only when reached there.
std::optional<double> budgetThreshold(const std::vector<double>& percents, const std::vector<double>& coverage,
                                      double level = 0.9);

// One head and regime's curve: where its mean coverage_90 first reaches 0.9.
struct BudgetCurve {
  std::string head;
  std::string regime;
  bool measured = false;  // some level kept a run (the failed-run filter may drop them all)
  std::optional<double> coverage90Reached;  // poison %, budgetThreshold over the measured levels
};
// Per (head, regime), in the cells' order.
std::vector<BudgetCurve> budgetCurves(const std::vector<BudgetCell>& cells);

}  // namespace gaplab
