// SPDX-License-Identifier: GPL-3.0-or-later
#include "training_controller.h"

namespace gaplab::app {

TrainingController::TrainingController(QObject* parent) : QueuedJob(parent), shared_(std::make_shared<Shared>()) {}

TrainingController::~TrainingController() {
  cancel();
  waitForFinished();
}

bool TrainingController::start(const ExperimentSpec& spec) {
  if (isRunning()) return false;
  job_ = std::make_unique<GridJob>(spec);  // validates the spec here, on the caller's thread
  auto shared = shared_;
  job_->setProgressCallback([shared](const GridProgress& p) {
    std::lock_guard<std::mutex> lock(shared->mutex);
    shared->latest = p;
  });
  job_->setRowCallback([shared](const GridRow& row) {
    std::lock_guard<std::mutex> lock(shared->mutex);
    shared->newRows.push_back(row);
  });
  GridJob* job = job_.get();
  const QString name = tr("Run grid (%1)").arg(QString::fromStdString(toString(spec.modality)));
  submit(name, [job] { job->run(); }, [job] { job->requestStop(); });
  return true;
}

void TrainingController::cancel() {
  if (job_) job_->requestStop();
}

std::vector<GridRow> TrainingController::rows() const { return job_ ? job_->rows() : std::vector<GridRow>{}; }

void TrainingController::publish() {
  std::optional<GridProgress> latest;
  std::vector<GridRow> rows;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    latest.swap(shared_->latest);
    rows.swap(shared_->newRows);
  }
  if (latest) {
    const auto& b = latest->batch;
    Q_EMIT progress(latest->training, latest->trainings, QString::fromStdString(latest->label), b.epoch, b.epochs,
                    b.batch, b.batches, b.loss);
  }
  for (const auto& row : rows)
    Q_EMIT rowFinished(QString::fromStdString(row.head), QString::fromStdString(row.posTrain),
                       QString::fromStdString(row.posTest), row.cleanAccuracy, row.asr);
}

}  // namespace gaplab::app
