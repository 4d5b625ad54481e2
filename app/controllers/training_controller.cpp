// SPDX-License-Identifier: GPL-3.0-or-later
#include "training_controller.h"

#include "torch_queue.h"

namespace gaplab::app {

TrainingController::TrainingController(QObject* parent) : QObject(parent), shared_(std::make_shared<Shared>()) {
  throttle_.setInterval(40);
  connect(&throttle_, &QTimer::timeout, this, &TrainingController::publish);
  connect(&watcher_, &QFutureWatcher<QString>::finished, this, &TrainingController::onWorkerDone);
}

TrainingController::~TrainingController() {
  cancel();
  watcher_.waitForFinished();
}

bool TrainingController::isRunning() const { return watcher_.isRunning(); }

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
  watcher_.setFuture(queue_.get().submit(name, [job] { job->run(); }, [job] { job->requestStop(); }));
  throttle_.start();
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

void TrainingController::onWorkerDone() {
  throttle_.stop();
  publish();  // whatever arrived after the last tick
  const auto end = jobEnd(watcher_.result());
  Q_EMIT finished(end.cancelled, end.error);
}

}  // namespace gaplab::app
