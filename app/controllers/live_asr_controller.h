// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QMetaType>
#include <QObject>
#include <QTimer>

#include <condition_variable>
#include <functional>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "gaplab/image_set.h"
#include "gaplab/metrics.h"
#include "gaplab/image_model.h"
#include "gaplab/positions.h"
#include "gaplab/trigger.h"
#include "lab.h"

Q_DECLARE_METATYPE(gaplab::app::Inspection)

namespace gaplab::app {

// What the user sees while dragging a trigger: the current input with the
// trigger where it is now (prediction and activation map), and the ASR over
// the test set at that position. Requests are debounced and the latest
// wins: one worker thread inspects the newest request, reports a first ASR
// estimate with its 95% interval after the first batch, then the exact
// figure, and abandons a position as soon as a newer one arrives. Results
// for stale requests are never emitted.
class LiveAsrController : public QObject {
  Q_OBJECT
public:
  explicit LiveAsrController(QObject* parent = nullptr);
  ~LiveAsrController() override;  // stops and joins the worker

  // The session is used by this controller's worker only from now on.
  void setSession(std::shared_ptr<ModelSession> session);
  // The same, built on the worker thread (loading a model is model work,
  // and the GUI thread does none) when the next request arrives.
  using SessionFactory = std::function<std::unique_ptr<ModelSession>()>;
  void setSessionFactory(SessionFactory factory);
  void clearSession() { setSession(nullptr); }
  // The input to inspect (a test-set index); re-inspects without re-measuring the ASR.
  void setSample(int index);
  void requestPosition(Position position);
  void setDebounceMs(int ms) { debounce_.setInterval(ms); }
  void setFirstBatch(int inputs) { firstBatch_ = inputs; }

Q_SIGNALS:
  void inspected(int x, int y, const gaplab::app::Inspection& inspection);
  // final == false: an estimate from the first batch; true: every input.
  void result(int x, int y, double asr, double low, double high, int evaluated, bool final);
  void failed(const QString& message);
  // A request left the debounce for the worker (it may still be overtaken by
  // a newer one before the worker takes it).
  void queued(int x, int y);

private:
  struct Request {
    Position position;
    int sample = 0;
    bool measure = true;  // false: only the sample changed
    std::uint64_t generation = 0;
  };
  void schedule(bool measure);
  void submit();
  void workerLoop();
  void run(const Request& request, ModelSession& session);
  std::shared_ptr<ModelSession> currentSession();  // builds a pending one first
  void report(const QString& message);
  bool current(const Request& request);
  void deliver(Request request, AttackMetrics metrics, bool final);

  QTimer debounce_;
  Position pendingPosition_;
  int pendingSample_ = 0;
  bool pendingMeasure_ = false;
  std::optional<Position> measured_;  // the position whose exact ASR was last delivered
  int firstBatch_ = 128;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<Request> next_;
  bool quit_ = false;
  std::uint64_t generation_ = 0;  // newest request; guarded by mutex_
  std::shared_ptr<ModelSession> session_;
  SessionFactory factory_;         // pending: replaces session_ on the worker
  std::uint64_t sessionVersion_ = 0;
  std::thread worker_;
};

}  // namespace gaplab::app
