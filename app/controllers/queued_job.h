// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

#include "background_job.h"

namespace gaplab::app {

// What every controller of core work shares: one job at a time through the
// app's torch queue, publish() on the GUI thread at most every 40 ms while
// it runs (what the worker left since the last call) and once more when it
// ends, then finished(). Plots and progress stay smooth without the GUI
// drowning in one signal per batch.
class QueuedJob : public QObject {
  Q_OBJECT
public:
  void setQueue(TorchQueue* queue) { queue_.set(queue); }
  bool isRunning() const { return watcher_.isRunning(); }

Q_SIGNALS:
  void finished(bool cancelled, const QString& error);

protected:
  explicit QueuedJob(QObject* parent = nullptr);
  // A derived destructor asks its work to stop, then calls this: the worker
  // may still report into the derived object until it has ended.
  void waitForFinished() { watcher_.waitForFinished(); }
  // Queues `work` under `name` (the status bar's) and starts the throttle;
  // `stop` asks the running work to end. False if a job is still running.
  bool submit(const QString& name, std::function<void()> work, std::function<void()> stop);
  virtual void publish() = 0;

private:
  QueueHandle queue_;
  QFutureWatcher<QString> watcher_;
  QTimer throttle_;
};

}  // namespace gaplab::app
