// SPDX-License-Identifier: GPL-3.0-or-later
#include "budget_controller.h"

#include "gaplab/experiment.h"

namespace gaplab::app {

BudgetController::BudgetController(QObject* parent) : QueuedJob(parent), shared_(std::make_shared<Shared>()) {}

BudgetController::~BudgetController() {
  cancel();
  waitForFinished();
}

bool BudgetController::start(const BudgetPlan& plan) {
  if (isRunning()) return false;
  sweep_ = std::make_unique<BudgetSweep>(plan);  // validates the plan here, on the caller's thread
  auto shared = shared_;
  {
    std::lock_guard<std::mutex> lock(shared->mutex);
    shared->latest.reset();
    shared->newRows = 0;
  }
  sweep_->setProgressCallback([shared](const BudgetProgress& p) {
    std::lock_guard<std::mutex> lock(shared->mutex);
    shared->latest = p;
  });
  sweep_->setRowCallback([shared](const BudgetRow&) {
    std::lock_guard<std::mutex> lock(shared->mutex);
    ++shared->newRows;
  });
  BudgetSweep* sweep = sweep_.get();
  const QString name = tr("Poison budget (%1)").arg(QString::fromStdString(toString(plan.spec.modality)));
  submit(
      name,
      [sweep, shared] {
        const auto experiment = Experiment::open(sweep->plan().spec);
        {
          std::lock_guard<std::mutex> lock(shared->mutex);
          shared->classes = static_cast<int>(experiment->classNames().size());
        }
        // Every level must fit before the first training, not after an hour of them.
        for (const auto& level : sweep->plan().levels) poisonCountOf(level, experiment->trainCount());
        sweep->run(*experiment);
      },
      [sweep] { sweep->requestStop(); });
  return true;
}

void BudgetController::cancel() {
  if (sweep_) sweep_->requestStop();
}

std::vector<BudgetRow> BudgetController::rows() const { return sweep_ ? sweep_->rows() : std::vector<BudgetRow>{}; }

int BudgetController::classCount() const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  return shared_->classes;
}

void BudgetController::publish() {
  std::optional<BudgetProgress> latest;
  int rows = 0;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    latest.swap(shared_->latest);
    std::swap(rows, shared_->newRows);
  }
  if (latest)
    Q_EMIT progress(latest->training, latest->trainings, QString::fromStdString(latest->label), latest->batch.epoch,
                    latest->batch.epochs);
  if (rows > 0) Q_EMIT rowFinished();
}

}  // namespace gaplab::app
