// SPDX-License-Identifier: GPL-3.0-or-later
// gaplab-cli budget: how much poison each head needs for a backdoor that
// fires everywhere, fixed position vs random positions (Salem et al.).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "budget_figure_export.h"
#include "cli_support.h"
#include "commands.h"
#include "gaplab/atomic_file.h"
#include "gaplab/budget.h"
#include "gaplab/experiment.h"
#include "gaplab/error.h"
#include "progress_line.h"
#include "sweep_runner.h"

namespace gaplab::cli {

namespace {

BudgetPlan budgetPlan(const BudgetArgs& args) {
  BudgetPlan plan;
  plan.spec = args.spec.resolve();
  // The flags, else the spec's budget (a lecture-budget-* preset), else every regime.
  for (const auto& level : args.poison.empty() ? plan.spec.budget.poison : args.poison)
    plan.levels.push_back(parsePoisonLevel(level));
  auto regimes = args.regimes.empty() ? plan.spec.budget.regimes : args.regimes;
  if (regimes.empty()) regimes = {"fixed", "random", "random-pattern"};
  for (const auto& regime : regimes) plan.regimes.push_back(poisonRegimeFromString(regime));
  plan.stride = args.stride.value_or(plan.spec.budget.stride);
  plan.validate();
  return plan;
}


// The budget as the sweep runner sees it: one job per head x regime x level x rep.
class BudgetSweepJobs : public Sweep {
public:
  explicit BudgetSweepJobs(const BudgetPlan& plan) : sweep_(plan), jobs_(budgetJobs(plan)) {
    sweep_.setProgressCallback([this](const BudgetProgress& p) {
      progress_.training(p.training, p.trainings, p.label, batchText(p.batch), p.batch.batch == p.batch.batches);
    });
  }
  std::string command() const override { return "budget"; }
  std::string identity() const override {
    const auto& plan = sweep_.plan();
    nlohmann::json levels = nlohmann::json::array(), regimes = nlohmann::json::array();
    for (const auto& level : plan.levels) levels.push_back(level.text());
    for (const auto regime : plan.regimes) regimes.push_back(toString(regime));
    return nlohmann::json{{"spec", nlohmann::json::parse(specToJson(plan.spec))},
                          {"levels", levels},
                          {"regimes", regimes},
                          {"stride", plan.stride}}
        .dump();
  }
  std::string header() const override { return budgetCsvTable().header(); }
  std::vector<double> jobCosts() const override { return std::vector<double>(jobs_.size(), 1.0); }
  void open() override {
    experiment_ = Experiment::open(sweep_.plan().spec);
    // Every level must fit the training split before hours of training find one that does not.
    int largest = 0;
    for (const auto& level : sweep_.plan().levels) largest = std::max(largest, poisonCountOf(level, experiment_->trainCount()));
    warnIfLargePoisonShare(largest, experiment_->trainCount());
  }
  int classCount() const override { return static_cast<int>(experiment_->classNames().size()); }
  std::string runJob(int job, const std::string& checkpoint) override {
    const auto row = sweep_.runJob(*experiment_, jobs_.at(static_cast<std::size_t>(job)), checkpoint);
    progress_.finish("  " + row.head + ", " + row.regime + ", " + std::to_string(row.nPoison) + " poisoned: clean " +
                     percent(row.cleanAccuracy) + ", mean ASR " + percent(row.asrMean) + ", coverage_90 " +
                     percent(row.coverage90) + " of " + std::to_string(row.positions) + " positions");
    return budgetCsvTable().rows({row});
  }

private:
  BudgetSweep sweep_;
  std::vector<BudgetJob> jobs_;
  std::unique_ptr<Experiment> experiment_;
  ProgressLine progress_;
};

}  // namespace

void writeBudgetFigure(const std::string& csvPath, const std::string& summaryPath, const std::string& figure,
                       const FailedRunFilter& filter) {
  std::ifstream in(csvPath, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  // The figure's numbers beside it (FIGURE.csv), unless that is the sweep's own CSV or summary.
  auto figureCsv = withExtension(figure, ".csv");
  if (figureCsv == csvPath || figureCsv == summaryPath) figureCsv = figure + ".csv";
  exportBudgetFigure(budgetCells(budgetCsvTable().parse(text.str(), csvPath), filter), figure, figureCsv);
  std::fprintf(stderr, "wrote %s and %s\n", figure.c_str(), figureCsv.c_str());
}

void redrawOrWriteBudgetFigure(const std::string& csv, const std::string& figure) {
  std::ifstream in(csv, std::ios::binary);
  std::string first;
  std::getline(in, first);
  if (first == kBudgetFigureCsvHeader) redrawBudgetFigure(csv, figure);
  else writeBudgetFigure(csv, "", figure, {});
}

int runBudget(const BudgetArgs& args) {
  if (!args.figure.empty() && args.shard) throw Error("--figure needs the whole sweep: draw it at the merge");
  BudgetSweepJobs sweep(budgetPlan(args));
  const int code = runSweepJobs(sweep, {args.out, args.summary, args.shard, args.workDir, args.dropFailed});
  if (!args.figure.empty()) {
    const auto summary = args.summary.empty() ? withExtension(args.out, ".json") : args.summary;
    writeBudgetFigure(args.out, summary, args.figure, {args.dropFailed, sweep.classCount()});
  }
  return code;
}

}  // namespace gaplab::cli
