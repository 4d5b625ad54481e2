#pragma once
#include <QObject>
#include <QTimer>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "gaplab/image_set.h"
#include "gaplab/metrics.h"
#include "gaplab/model.h"
#include "gaplab/positions.h"
#include "gaplab/trigger.h"

namespace gaplab::app {

// The ASR over a test set with the trigger at the position being dragged.
// Requests are debounced and the latest wins: a worker thread evaluates the
// newest position in batches, reports a first estimate with its 95% interval
// after the first batch, then the exact figure, and abandons a position as
// soon as a newer one arrives. Results for stale positions are never emitted.
class LiveAsrController : public QObject {
  Q_OBJECT
public:
  explicit LiveAsrController(QObject* parent = nullptr);
  ~LiveAsrController() override;  // stops and joins the worker

  // The model is shared with the worker; nobody else may use it meanwhile.
  void setModel(std::shared_ptr<ImageModel> model, ImageSet test, Trigger trigger, int target);
  void requestPosition(Position position);
  void setDebounceMs(int ms) { debounce_.setInterval(ms); }
  void setFirstBatch(int images) { firstBatch_ = images; }

Q_SIGNALS:
  // final == false: an estimate from the first batch; true: every input.
  void result(int x, int y, double asr, double low, double high, int evaluated, bool final);

private:
  struct Request {
    Position position;
    std::uint64_t generation = 0;
  };
  void submit();
  void workerLoop();
  void deliver(Request request, AttackMetrics metrics, bool final);

  QTimer debounce_;
  Position pendingPosition_;
  int firstBatch_ = 128;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<Request> next_;
  bool quit_ = false;
  std::uint64_t generation_ = 0;  // newest request; guarded by mutex_
  std::shared_ptr<ImageModel> model_;
  ImageSet pool_;  // the test images outside the target class, in a fixed shuffled order
  Trigger trigger_;
  int target_ = 0;
  std::thread worker_;
};

}  // namespace gaplab::app
