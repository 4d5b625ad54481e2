// SPDX-License-Identifier: GPL-3.0-or-later
#include "torch_queue.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

#include "background_job.h"
#include "gaplab/error.h"

namespace gaplab::app {

TorchQueue::TorchQueue(int slotCount, QObject* parent) : QObject(parent) {
  pool_.setMaxThreadCount(std::max(1, slotCount));
}

TorchQueue::~TorchQueue() {
  cancelAll();
  pool_.waitForDone();
}

QFuture<QString> TorchQueue::submit(const QString& name, std::function<void()> work, std::function<void()> stop) {
  auto cancelled = std::make_shared<std::atomic<bool>>(false);
  int id = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    id = nextId_++;
    entries_.push_back({{id, name, false}, std::move(stop), cancelled});
  }
  announce();
  return QtConcurrent::run(&pool_, [this, id, cancelled, work = std::move(work)]() -> QString {
    if (cancelled->load()) {
      update(id, true);
      return kCancelled;
    }
    update(id, false);
    QString outcome;
    try {
      work();
    } catch (const Cancelled&) {
      outcome = kCancelled;
    } catch (const std::exception& e) {
      outcome = QString::fromUtf8(e.what());
    }
    update(id, true);
    return outcome;
  });
}

void TorchQueue::update(int id, bool finished) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = std::find_if(entries_.begin(), entries_.end(), [id](const Entry& e) { return e.job.id == id; });
    if (it == entries_.end()) return;
    if (finished) entries_.erase(it);
    else it->job.running = true;
  }
  announce();
}

void TorchQueue::announce() {
  QPointer<TorchQueue> self(this);
  QMetaObject::invokeMethod(this, [self] { if (self) Q_EMIT self->changed(); }, Qt::QueuedConnection);
}

std::vector<TorchQueue::Job> TorchQueue::jobs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Job> result;
  for (const auto& e : entries_)
    if (e.job.running) result.push_back(e.job);
  for (const auto& e : entries_)
    if (!e.job.running) result.push_back(e.job);
  return result;
}

QString TorchQueue::summary() const {
  const auto all = jobs();
  QStringList running, parts;
  for (const auto& job : all)
    if (job.running) running << job.name;
  for (const auto& job : all)
    parts << (job.running ? job.name : tr("%1: waiting for %2").arg(job.name, running.isEmpty() ? tr("a slot") : running.join(", ")));
  return parts.join(QStringLiteral(" · "));
}

void TorchQueue::cancel(int id) {
  std::function<void()> stop;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = std::find_if(entries_.begin(), entries_.end(), [id](const Entry& e) { return e.job.id == id; });
    if (it == entries_.end()) return;
    it->cancelled->store(true);  // a waiting job returns at once when its turn comes
    stop = it->stop;
    if (!it->job.running) entries_.erase(it);
  }
  if (stop) stop();
  announce();
}

QueueHandle::QueueHandle() = default;
QueueHandle::~QueueHandle() = default;

TorchQueue& QueueHandle::get() {
  if (shared_) return *shared_;
  if (!own_) own_ = std::make_unique<TorchQueue>();
  return *own_;
}

void TorchQueue::cancelAll() {
  for (const auto& job : jobs()) cancel(job.id);
}

}  // namespace gaplab::app
