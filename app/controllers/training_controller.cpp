// SPDX-License-Identifier: GPL-3.0-or-later
#include "training_controller.h"

#include "gaplab/experiment.h"

namespace gaplab::app {

TrainingController::TrainingController(QObject* parent) : QueuedJob(parent), shared_(std::make_shared<Shared>()) {}

TrainingController::~TrainingController() {
  cancel();
  waitForFinished();
}

bool TrainingController::start(const ExperimentSpec& spec) {
  if (isRunning()) return false;
  job_ = std::make_unique<GridSweep>(spec);  // validates the spec here, on the caller's thread
  stop_ = std::make_shared<std::atomic<bool>>(false);
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->latest.reset();
    shared_->newRows.clear();
    shared_->rows.clear();
  }
  auto shared = shared_;
  auto stop = stop_;
  GridSweep* job = job_.get();
  const QString name = tr("Run grid (%1)").arg(QString::fromStdString(toString(spec.modality)));
  submit(
      name,
      [job, shared, stop] {
        const auto experiment = Experiment::open(job->spec());
        runEveryJob<GridRow>(
            *job, *experiment,
            [shared](const JobProgress& p) {
              std::lock_guard<std::mutex> lock(shared->mutex);
              shared->latest = p;
            },
            [shared](const std::vector<GridRow>& rows) {
              std::lock_guard<std::mutex> lock(shared->mutex);
              shared->newRows.insert(shared->newRows.end(), rows.begin(), rows.end());
              shared->rows.insert(shared->rows.end(), rows.begin(), rows.end());
            },
            stop.get());
      },
      [stop] { *stop = true; });
  return true;
}

void TrainingController::cancel() {
  if (stop_) *stop_ = true;
}

std::vector<GridRow> TrainingController::rows() const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  return shared_->rows;
}

void TrainingController::publish() {
  std::optional<JobProgress> latest;
  std::vector<GridRow> rows;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    latest.swap(shared_->latest);
    rows.swap(shared_->newRows);
  }
  if (latest) {
    const auto& b = latest->batch;
    Q_EMIT progress(latest->job + 1, latest->jobs, QString::fromStdString(latest->label), b.epoch, b.epochs, b.batch,
                    b.batches, b.loss);
  }
  for (const auto& row : rows)
    Q_EMIT rowFinished(QString::fromStdString(row.head), QString::fromStdString(row.posTrain),
                       QString::fromStdString(row.posTest), row.cleanAccuracy, row.asr);
}

}  // namespace gaplab::app
