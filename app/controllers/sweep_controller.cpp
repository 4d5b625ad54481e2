// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweep_controller.h"

#include "gaplab/placement_sweep.h"

namespace gaplab::app {

SweepController::SweepController(QObject* parent)
    : QueuedJob(parent), shared_(std::make_shared<Shared>()), stop_(std::make_shared<std::atomic<bool>>(false)) {}

SweepController::~SweepController() {
  cancel();
  waitForFinished();
}

void SweepController::cancel() { stop_->store(true); }

bool SweepController::start(SessionFactory factory, int stride, double halfWidth, const QString& name, Order order) {
  if (isRunning() || !factory) return false;
  stop_ = std::make_shared<std::atomic<bool>>(false);
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->positions.clear();
    shared_->asr.clear();
    shared_->grid.reset();
    shared_->done = 0;
    shared_->total = 0;
  }
  auto shared = shared_;
  auto stop = stop_;
  submit(name, [factory, stride, halfWidth, shared, stop, order] {
      const std::unique_ptr<ModelSession> session = factory();
      std::vector<QPoint> grid;
      for (const Placement& p : session->placements(stride)) grid.emplace_back(p.x, p.y);
      {
        std::lock_guard<std::mutex> lock(shared->mutex);
        shared->grid = QVector<QPoint>(grid.begin(), grid.end());
        shared->total = static_cast<int>(grid.size());
      }
      SweepOptions options;
      options.halfWidth = halfWidth;
      std::vector<Placement> placements;
      for (const QPoint& point : order ? order(grid) : grid) placements.push_back({point.x(), point.y()});
      sweepPlacements(*session, placements, options, [&shared](const SweepCell& cell, int, int) {
            std::lock_guard<std::mutex> lock(shared->mutex);
            shared->positions.push_back(QPoint(cell.position.x, cell.position.y));
            shared->asr.push_back(cell.metrics.asr());
            ++shared->done;
          }, stop.get());
  }, [stop] { stop->store(true); });
  return true;
}

void SweepController::publish() {
  std::optional<QVector<QPoint>> grid;
  QVector<QPoint> positions;
  QVector<double> asr;
  int done = 0, total = 0;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    grid.swap(shared_->grid);
    positions.swap(shared_->positions);
    asr.swap(shared_->asr);
    done = shared_->done;
    total = shared_->total;
  }
  if (grid) Q_EMIT gridReady(*grid);
  if (!positions.isEmpty()) Q_EMIT cellsReady(positions, asr);
  Q_EMIT progress(done, total);
}

}  // namespace gaplab::app
