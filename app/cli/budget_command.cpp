// SPDX-License-Identifier: GPL-3.0-or-later
// gaplab-cli budget: how much poison each head needs for a backdoor that
// fires everywhere, fixed position vs random positions (Salem et al.).
#include <cstdio>

#include "budget_figure_export.h"
#include "cli_support.h"
#include "commands.h"
#include "gaplab/atomic_file.h"
#include "gaplab/budget.h"
#include "gaplab/experiment.h"
#include "progress_line.h"

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

int runBudget(const BudgetArgs& args) {
  const auto plan = budgetPlan(args);
  const auto experiment = Experiment::open(plan.spec);
  // Every level must fit the training split before hours of training find one that does not.
  for (const auto& level : plan.levels) poisonCountOf(level, experiment->trainCount());
  BudgetSweep sweep(plan);
  ProgressLine progress;
  sweep.setProgressCallback([&](const BudgetProgress& p) {
    progress.training(p.training, p.trainings, p.label, batchText(p.batch), p.batch.batch == p.batch.batches);
  });
  sweep.setRowCallback([&](const BudgetRow& row) {
    progress.finish("  " + row.head + ", " + row.regime + ", " + std::to_string(row.nPoison) + " poisoned: clean " +
                    percent(row.cleanAccuracy) + ", mean ASR " + percent(row.asrMean) + ", coverage_90 " +
                    percent(row.coverage90) + " of " + std::to_string(row.positions) + " positions");
  });
  sweep.run(*experiment);
  const auto rows = sweep.rows();
  const FailedRunFilter filter{args.dropFailed, static_cast<int>(experiment->classNames().size())};
  writeFileAtomically(args.out, budgetCsv(rows));
  const auto summary = args.summary.empty() ? withExtension(args.out, ".json") : args.summary;
  writeFileAtomically(summary, budgetSummaryJson(rows, plan.spec, filter));
  std::string written = args.out + " and " + summary;
  if (!args.figure.empty()) {
    // The figure's numbers beside it (FIGURE.csv), unless that is the sweep's own CSV or summary.
    auto figureCsv = withExtension(args.figure, ".csv");
    if (figureCsv == args.out || figureCsv == summary) figureCsv = args.figure + ".csv";
    exportBudgetFigure(budgetCells(rows, filter), args.figure, figureCsv);
    written += ", " + args.figure + " and " + figureCsv;
  }
  std::printf("%s", budgetTable(rows, filter).c_str());
  std::fprintf(stderr, "wrote %s\n", written.c_str());
  return 0;
}

}  // namespace gaplab::cli
