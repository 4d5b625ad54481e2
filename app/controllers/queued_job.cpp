// SPDX-License-Identifier: GPL-3.0-or-later
#include "queued_job.h"

#include "torch_queue.h"

namespace gaplab::app {

QueuedJob::QueuedJob(QObject* parent) : QObject(parent) {
  throttle_.setInterval(40);
  connect(&throttle_, &QTimer::timeout, this, [this] { publish(); });
  connect(&watcher_, &QFutureWatcher<QString>::finished, this, [this] {
    throttle_.stop();
    publish();  // whatever arrived after the last tick
    const auto end = jobEnd(watcher_.result());
    Q_EMIT finished(end.cancelled, end.error);
  });
}

bool QueuedJob::submit(const QString& name, std::function<void()> work, std::function<void()> stop) {
  if (isRunning()) return false;
  watcher_.setFuture(queue_.get().submit(name, std::move(work), std::move(stop)));
  throttle_.start();
  return true;
}

}  // namespace gaplab::app
