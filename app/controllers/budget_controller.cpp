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
  stop_ = std::make_shared<std::atomic<bool>>(false);
  auto shared = shared_;
  {
    std::lock_guard<std::mutex> lock(shared->mutex);
    shared->latest.reset();
    shared->newRows = 0;
    shared->rows.clear();
  }
  auto stop = stop_;
  BudgetSweep* sweep = sweep_.get();
  const QString name = tr("Poison budget (%1)").arg(QString::fromStdString(toString(plan.spec.modality)));
  submit(
      name,
      [sweep, shared, stop] {
        const auto experiment = Experiment::open(sweep->spec());
        {
          std::lock_guard<std::mutex> lock(shared->mutex);
          shared->classes = static_cast<int>(experiment->classNames().size());
        }
        runEveryJob<BudgetRow>(
            *sweep, *experiment,
            [shared](const JobProgress& p) {
              std::lock_guard<std::mutex> lock(shared->mutex);
              shared->latest = p;
            },
            [shared](const std::vector<BudgetRow>& rows) {
              std::lock_guard<std::mutex> lock(shared->mutex);
              shared->rows.insert(shared->rows.end(), rows.begin(), rows.end());
              shared->newRows += static_cast<int>(rows.size());
            },
            stop.get());
      },
      [stop] { *stop = true; });
  return true;
}

void BudgetController::cancel() {
  if (stop_) *stop_ = true;
}

std::vector<BudgetRow> BudgetController::rows() const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  return shared_->rows;
}

int BudgetController::classCount() const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  return shared_->classes;
}

void BudgetController::publish() {
  std::optional<JobProgress> latest;
  int rows = 0;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    latest.swap(shared_->latest);
    std::swap(rows, shared_->newRows);
  }
  if (latest)
    Q_EMIT progress(latest->job + 1, latest->jobs, QString::fromStdString(latest->label), latest->batch.epoch,
                    latest->batch.epochs);
  if (rows > 0) Q_EMIT rowFinished();
}

}  // namespace gaplab::app
