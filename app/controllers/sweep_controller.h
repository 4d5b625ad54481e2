// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QObject>
#include <QPoint>
#include <QVector>

#include <atomic>
#include <functional>
#include <optional>
#include <memory>
#include <mutex>
#include <vector>

#include "lab.h"
#include "queued_job.h"

namespace gaplab::app {

// The position map: the ASR at every trigger position of a stride grid, on
// a worker thread with its own model session. Each position is measured
// adaptively (core's sweepPlacements: batches until the 95% interval is
// narrow enough). Finished cells reach the GUI in batches at most every
// 40 ms; cancel() stops within one batch; the destructor cancels and waits.
class SweepController : public QueuedJob {
  Q_OBJECT
public:
  explicit SweepController(QObject* parent = nullptr);
  ~SweepController() override;

  // Builds the session on the worker (a model of its own). Returns false if busy.
  using SessionFactory = std::function<std::unique_ptr<ModelSession>()>;
  // `name` is the job's name in the status bar; `order`, if given, the order
  // the grid's positions are measured in (a coarse-to-fine one, say).
  using Order = std::function<std::vector<QPoint>(const std::vector<QPoint>&)>;
  bool start(SessionFactory factory, int stride, double halfWidth = 0.02, const QString& name = tr("Map positions"),
             Order order = {});
  void cancel();

Q_SIGNALS:
  void gridReady(const QVector<QPoint>& positions);  // before any cell
  void cellsReady(const QVector<QPoint>& positions, const QVector<double>& asr);
  void progress(int done, int total);

private:
  void publish() override;
  struct Shared {
    std::mutex mutex;
    std::optional<QVector<QPoint>> grid;
    QVector<QPoint> positions;
    QVector<double> asr;
    int done = 0;
    int total = 0;
  };
  std::shared_ptr<Shared> shared_;
  std::shared_ptr<std::atomic<bool>> stop_;
};

}  // namespace gaplab::app
