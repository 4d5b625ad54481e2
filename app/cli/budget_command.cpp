// SPDX-License-Identifier: GPL-3.0-or-later
// gaplab-cli budget: how much poison each head needs for a backdoor that
// fires everywhere, fixed position vs random positions (Salem et al.).
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
  BudgetSweep sweep(budgetPlan(args));
  const auto outcome = runSweepJobs(sweep, {args.out, args.summary, args.shard, args.workDir, args.dropFailed});
  if (!args.figure.empty()) {
    const auto summary = args.summary.empty() ? withExtension(args.out, ".json") : args.summary;
    writeBudgetFigure(args.out, summary, args.figure, {args.dropFailed, outcome.classes});
  }
  return 0;
}

}  // namespace gaplab::cli
