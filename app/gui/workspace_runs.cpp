// SPDX-License-Identifier: GPL-3.0-or-later
// Workspace: the Grid and Poison budget tabs, each a queued run of many
// trainings on the workspace's current spec.
#include "budget_panel.h"
#include "grid_panel.h"
#include "workspace.h"

namespace gaplab::app {

void Workspace::connectRuns() {
  connect(grid_, &GridPanel::runRequested, this, &Workspace::runGrid);
  connect(grid_, &GridPanel::cancelRequested, &gridRunner_, &TrainingController::cancel);
  connect(&gridRunner_, &TrainingController::progress, this,
          [this](int training, int trainings, const QString& label, int epoch, int epochs, int, int, double) {
            grid_->setProgress(training, trainings, label, epoch, epochs);
          });
  connect(&gridRunner_, &TrainingController::rowFinished, this,
          [this] { grid_->setRows(gridRunner_.rows(), gridSpec_); });
  connect(&gridRunner_, &TrainingController::finished, this, [this](bool cancelled, const QString& error) {
    grid_->setRows(gridRunner_.rows(), gridSpec_);
    grid_->setRunning(false);
    grid_->setMessage(!error.isEmpty() ? tr("Grid failed: %1").arg(error)
                      : cancelled      ? tr("Grid stopped.")
                                       : tr("Grid finished: %1 rows.").arg(gridRunner_.rows().size()));
    say(tr("Grid done."));
    Q_EMIT gridFinished();
  });
  connect(budget_, &BudgetPanel::runRequested, this, &Workspace::runBudget);
  connect(budget_, &BudgetPanel::cancelRequested, &budgetRunner_, &BudgetController::cancel);
  connect(&budgetRunner_, &BudgetController::progress, budget_, &BudgetPanel::setProgress);
  connect(&budgetRunner_, &BudgetController::rowFinished, this,
          [this] { budget_->setRows(budgetRunner_.rows(), budgetRunner_.classCount()); });
  connect(&budgetRunner_, &BudgetController::finished, this, [this](bool cancelled, const QString& error) {
    budget_->setRows(budgetRunner_.rows(), budgetRunner_.classCount());
    budget_->setRunning(false);
    budget_->setMessage(!error.isEmpty() ? tr("Poison budget failed: %1").arg(error)
                        : cancelled      ? tr("Poison budget stopped.")
                                         : tr("Poison budget finished: %1 models.").arg(budgetRunner_.rows().size()));
    say(tr("Poison budget done."));
    Q_EMIT budgetFinished();
  });
}

void Workspace::runGrid() {
  if (gridRunner_.isRunning()) return;
  try {
    gridSpec_ = currentSpec();
    gridSpec_.reps = grid_->reps();
    gridRunner_.start(gridSpec_);  // a painted trigger travels in the spec
  } catch (const std::exception& e) {
    grid_->setMessage(tr("Cannot run the grid: %1").arg(QString::fromUtf8(e.what())));
    return;
  }
  grid_->setRows({}, gridSpec_);
  grid_->setRunning(true);
  say(tr("Running the grid…"));
}

void Workspace::runBudget() {
  if (budgetRunner_.isRunning()) return;
  try {
    budgetRunner_.start(budget_->plan(currentSpec()));  // a painted trigger travels in the spec
  } catch (const std::exception& e) {
    budget_->setMessage(tr("Cannot run the poison budget: %1").arg(QString::fromUtf8(e.what())));
    return;
  }
  budget_->setRows({}, 0);
  budget_->setRunning(true);
  say(tr("Running the poison budget…"));
}

}  // namespace gaplab::app
