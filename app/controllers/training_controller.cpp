// SPDX-License-Identifier: GPL-3.0-or-later
#include "training_controller.h"

namespace gaplab::app {

TrainingController::TrainingController(QObject* parent) : QueuedJob(parent) {}

TrainingController::~TrainingController() {
  cancel();
  waitForFinished();
}

bool TrainingController::start(const ExperimentSpec& spec) {
  if (isRunning()) return false;
  auto sweep = std::make_shared<GridSweep>(spec);  // validates the spec here, on the caller's thread
  const QString name = tr("Run grid (%1)").arg(QString::fromStdString(toString(spec.modality)));
  run_ = {};
  submit(name, run_.work(sweep), [this] { run_.stop(); });
  return true;
}

void TrainingController::cancel() { run_.stop(); }

std::vector<GridRow> TrainingController::rows() const { return run_.rows(); }

void TrainingController::publish() {
  const auto news = run_.take();
  if (news.progress) {
    const auto& p = *news.progress;
    Q_EMIT progress(p.job + 1, p.jobs, QString::fromStdString(p.label), p.batch.epoch, p.batch.epochs, p.batch.batch,
                    p.batch.batches, p.batch.loss);
  }
  for (const auto& row : news.rows)
    Q_EMIT rowFinished(QString::fromStdString(row.head), QString::fromStdString(row.posTrain),
                       QString::fromStdString(row.posTest), row.cleanAccuracy, row.asr);
}

}  // namespace gaplab::app
