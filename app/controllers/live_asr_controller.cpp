#include "live_asr_controller.h"

#include <QPointer>

#include <algorithm>
#include <numeric>
#include <random>

#include "gaplab/error.h"
#include "gaplab/evaluation.h"
#include "gaplab/metrics.h"

namespace gaplab::app {

LiveAsrController::LiveAsrController(QObject* parent) : QObject(parent) {
  debounce_.setSingleShot(true);
  debounce_.setInterval(15);
  connect(&debounce_, &QTimer::timeout, this, &LiveAsrController::submit);
  worker_ = std::thread([this] { workerLoop(); });
}

LiveAsrController::~LiveAsrController() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
    ++generation_;  // abandons the position being evaluated
  }
  wake_.notify_all();
  worker_.join();
}

void LiveAsrController::setModel(std::shared_ptr<ImageModel> model, ImageSet test, Trigger trigger, int target) {
  std::vector<int> order = test.indicesWithLabelOtherThan(target);
  std::mt19937 rng(7);  // a fixed order: the first batch is a fair sample, and the same every time
  std::shuffle(order.begin(), order.end(), rng);
  std::lock_guard<std::mutex> lock(mutex_);
  ++generation_;
  next_.reset();
  model_ = std::move(model);
  pool_ = test.select(order);
  trigger_ = std::move(trigger);
  target_ = target;
}

void LiveAsrController::requestPosition(Position position) {
  pendingPosition_ = position;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++generation_;  // the running evaluation is stale from now on
  }
  debounce_.start();
}

void LiveAsrController::submit() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    next_ = Request{pendingPosition_, generation_};
  }
  wake_.notify_all();
}

void LiveAsrController::workerLoop() {
  for (;;) {
    Request request;
    std::shared_ptr<ImageModel> model;
    ImageSet pool;
    Trigger trigger;
    int target = 0;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return quit_ || next_.has_value(); });
      if (quit_) return;
      request = *next_;
      next_.reset();
      model = model_;
      pool = pool_;
      trigger = trigger_;
      target = target_;
    }
    if (!model || pool.size() == 0) continue;
    auto current = [&] {
      std::lock_guard<std::mutex> lock(mutex_);
      return generation_ == request.generation && !quit_;
    };
    try {
      AttackMetrics total;
      const int n = pool.size();
      for (int start = 0; start < n && current();) {
        const int count = std::min(start == 0 ? firstBatch_ : n - start, n - start);
        std::vector<int> rows(static_cast<std::size_t>(count));
        std::iota(rows.begin(), rows.end(), start);
        const auto metrics = evaluateAttack(*model, pool.select(rows), trigger, request.position, target).metrics;
        total.evaluated += metrics.evaluated;
        total.hits += metrics.hits;
        total.robust += metrics.robust;
        start += count;
        if (current()) deliver(request, total, start == n);
      }
    } catch (const Error&) {
      // A position the trigger does not fit: nothing to report.
    }
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
        const auto interval = wilsonInterval(metrics.hits, metrics.evaluated);
        Q_EMIT self->result(request.position.x, request.position.y, metrics.asr(), interval.low, interval.high,
                            metrics.evaluated, final);
      },
      Qt::QueuedConnection);
}

}  // namespace gaplab::app
