// SPDX-License-Identifier: GPL-3.0-or-later
#include "budget_controller.h"

namespace gaplab::app {

BudgetController::BudgetController(QObject* parent) : QueuedJob(parent) {}

BudgetController::~BudgetController() {
  cancel();
  waitForFinished();
}

bool BudgetController::start(const BudgetPlan& plan) {
  if (isRunning()) return false;
  auto sweep = std::make_shared<BudgetSweep>(plan);  // validates the plan here, on the caller's thread
  const QString name = tr("Poison budget (%1)").arg(QString::fromStdString(toString(plan.spec.modality)));
  run_ = {};
  submit(name, run_.work(sweep), [this] { run_.stop(); });
  return true;
}

void BudgetController::cancel() { run_.stop(); }

std::vector<BudgetRow> BudgetController::rows() const { return run_.rows(); }

int BudgetController::classCount() const { return run_.classCount(); }

void BudgetController::publish() {
  const auto news = run_.take();
  if (news.progress)
    Q_EMIT progress(news.progress->job + 1, news.progress->jobs, QString::fromStdString(news.progress->label),
                    news.progress->batch.epoch, news.progress->batch.epochs);
  if (!news.rows.empty()) Q_EMIT rowFinished();
}

}  // namespace gaplab::app
