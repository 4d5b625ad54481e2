// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QFuture>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace gaplab::app {

// The app's one queue for torch work (loading data, training, maps, grids):
// jobs run in arrival order in a fixed number of slots, and the rest wait
// where the user sees them. Two slots serve 2 cores best: the lecture models'
// small convolutions keep two intra-op threads half idle, so two trainings at
// once finish 1.2-1.8x sooner than one after the other (tests/bench/slots.sh).
// The live ASR loop stays outside the queue, on its own threads: it is served
// first. Jobs are named for the status bar and can be cancelled there; a job
// cancelled while waiting never runs.
class TorchQueue : public QObject {
  Q_OBJECT
public:
  static constexpr int kDefaultSlots = 2;
  explicit TorchQueue(int slotCount = kDefaultSlots, QObject* parent = nullptr);
  ~TorchQueue() override;  // cancels every job and waits for the running ones

  // Queues `work` under `name`; `stop` asks the running work to end. The
  // future's result: empty on success, kCancelled (background_job.h) when the
  // work threw Cancelled or was cancelled before it ran, else the error.
  QFuture<QString> submit(const QString& name, std::function<void()> work, std::function<void()> stop);

  struct Job {
    int id = 0;
    QString name;
    bool running = false;
  };
  std::vector<Job> jobs() const;  // running ones first, then the waiting ones in order
  // "Map positions: waiting for Train (FC, GAP)"; empty when idle.
  QString summary() const;
  void cancel(int id);
  void cancelAll();
  int slotCount() const { return pool_.maxThreadCount(); }

Q_SIGNALS:
  void changed();  // a job was queued, started or ended (on this object's thread)

private:
  struct Entry {
    Job job;
    std::function<void()> stop;
    std::shared_ptr<std::atomic<bool>> cancelled;
  };
  void update(int id, bool finished);  // from a worker
  void announce();                     // emits changed() on this object's thread

  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  int nextId_ = 1;
  QThreadPool pool_;
};

}  // namespace gaplab::app
