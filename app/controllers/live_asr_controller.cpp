// SPDX-License-Identifier: GPL-3.0-or-later
#include "live_asr_controller.h"

#include <QPointer>

#include <algorithm>

#include "gaplab/error.h"
#include "gaplab/metrics.h"

namespace gaplab::app {

LiveAsrController::LiveAsrController(QObject* parent) : QObject(parent) {
  qRegisterMetaType<gaplab::app::Inspection>();
  debounce_.setSingleShot(true);
  debounce_.setInterval(15);
  connect(&debounce_, &QTimer::timeout, this, &LiveAsrController::submit);
  worker_ = std::thread([this] { workerLoop(); });
}

LiveAsrController::~LiveAsrController() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
    ++generation_;  // abandons the request being evaluated
  }
  wake_.notify_all();
  worker_.join();
}

void LiveAsrController::setSession(std::shared_ptr<ModelSession> session) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++generation_;
  next_.reset();
  session_ = std::move(session);
  factory_ = nullptr;
  ++sessionVersion_;
  measured_.reset();
}

void LiveAsrController::setSessionFactory(SessionFactory factory) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++generation_;
  next_.reset();
  session_.reset();
  factory_ = std::move(factory);
  ++sessionVersion_;
  measured_.reset();
}

std::shared_ptr<ModelSession> LiveAsrController::currentSession() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (factory_) {
    auto factory = factory_;
    const auto version = sessionVersion_;
    lock.unlock();
    std::shared_ptr<ModelSession> built;
    try {
      built = factory();
    } catch (const std::exception& e) {
      report(QString::fromUtf8(e.what()));
    }
    lock.lock();
    if (version == sessionVersion_) {  // not replaced meanwhile
      session_ = std::move(built);
      factory_ = nullptr;
    }
  }
  return session_;
}

void LiveAsrController::report(const QString& message) {
  QPointer<LiveAsrController> self(this);
  QMetaObject::invokeMethod(this, [self, message] { if (self) Q_EMIT self->failed(message); }, Qt::QueuedConnection);
}

void LiveAsrController::setSample(int index) {
  pendingSample_ = index;
  schedule(false);
}

void LiveAsrController::requestPosition(Position position) {
  pendingPosition_ = position;
  schedule(true);
}

void LiveAsrController::schedule(bool measure) {
  // A sample change re-measures only if the position's exact ASR has not arrived yet.
  pendingMeasure_ = pendingMeasure_ || measure || measured_ != pendingPosition_;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++generation_;  // the running evaluation is stale from now on
  }
  debounce_.start();
}

void LiveAsrController::submit() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    next_ = Request{pendingPosition_, pendingSample_, pendingMeasure_, generation_};
  }
  pendingMeasure_ = false;
  wake_.notify_all();
  Q_EMIT queued(pendingPosition_.x, pendingPosition_.y);
}

bool LiveAsrController::current(const Request& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  return generation_ == request.generation && !quit_;
}

void LiveAsrController::workerLoop() {
  for (;;) {
    Request request;
    std::shared_ptr<ModelSession> session;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return quit_ || next_.has_value(); });
      if (quit_) return;
      request = *next_;
      next_.reset();
    }
    session = currentSession();
    if (!session) continue;
    try {
      run(request, *session);
    } catch (const std::exception& e) {
      // A position the trigger does not fit, or a sample out of range: say so.
      report(QString::fromUtf8(e.what()));
    }
  }
}

void LiveAsrController::run(const Request& request, ModelSession& session) {
  auto inspection = session.inspect(request.sample, &request.position);
  if (!current(request)) return;
  QPointer<LiveAsrController> self(this);
  QMetaObject::invokeMethod(
      this,
      [self, request, inspection = std::move(inspection)] {
        if (!self) return;
        {
          std::lock_guard<std::mutex> lock(self->mutex_);
          if (self->generation_ != request.generation) return;
        }
        Q_EMIT self->inspected(request.position.x, request.position.y, inspection);
      },
      Qt::QueuedConnection);
  if (!request.measure) return;
  AttackMetrics total;
  const int n = session.poolSize();
  for (int start = 0; start < n && current(request);) {
    const int count = std::min(start == 0 ? firstBatch_ : n - start, n - start);
    total += session.attack(start, count, request.position);
    start += count;
    if (current(request)) deliver(request, total, start == n);
  }
}

void LiveAsrController::deliver(Request request, AttackMetrics metrics, bool final) {
  QPointer<LiveAsrController> self(this);
  QMetaObject::invokeMethod(
      this,
      [self, request, metrics, final] {
        if (!self) return;
        {
          std::lock_guard<std::mutex> lock(self->mutex_);
          if (self->generation_ != request.generation) return;  // the user has moved on
        }
        if (final) self->measured_ = request.position;
        const auto interval = wilsonInterval(metrics.hits, metrics.evaluated);
        Q_EMIT self->result(request.position.x, request.position.y, metrics.asr(), interval.low, interval.high,
                            metrics.evaluated, final);
      },
      Qt::QueuedConnection);
}

}  // namespace gaplab::app
