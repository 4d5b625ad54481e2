// SPDX-License-Identifier: GPL-3.0-or-later
// The app's one queue for torch work: jobs beyond the slots wait and say what
// they wait for; a waiting job cancelled never runs; a running one is asked
// to stop; real controllers share it.
#include <QFutureWatcher>
#include <QSignalSpy>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "background_job.h"
#include "gaplab/experiment_spec.h"
#include "test_support.h"
#include "torch_queue.h"
#include "training_controller.h"

using namespace gaplab;
using namespace gaplab::app;

namespace {

// Work that waits at a gate until the test opens it (or it is told to stop).
class Gate {
public:
  void wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    ++arrived_;
    open_.wait(lock, [this] { return opened_ || stopped_; });
    if (stopped_ && !opened_) throw Cancelled();
  }
  void open() { set(opened_); }
  void stop() { set(stopped_); }
  int arrived() {
    std::lock_guard<std::mutex> lock(mutex_);
    return arrived_;
  }

private:
  void set(bool& flag) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      flag = true;
    }
    open_.notify_all();
  }
  std::mutex mutex_;
  std::condition_variable open_;
  bool opened_ = false, stopped_ = false;
  int arrived_ = 0;
};

QString resultOf(const QFuture<QString>& future) {
  QFutureWatcher<QString> watcher;
  QSignalSpy done(&watcher, &QFutureWatcher<QString>::finished);
  watcher.setFuture(future);
  if (!future.isFinished() && !done.wait(30000)) return "timeout";
  return future.result();
}

}  // namespace

class TestTorchQueue : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void aJobBeyondTheSlotsWaitsAndCanBeDropped() {
    TorchQueue queue(1);
    Gate gate;
    std::atomic<bool> secondRan{false};
    const auto first = queue.submit("Train (GAP)", [&] { gate.wait(); }, [&] { gate.stop(); });
    const auto second = queue.submit("Map positions", [&] { secondRan = true; }, [] {});
    QTRY_COMPARE_WITH_TIMEOUT(gate.arrived(), 1, 10000);
    const auto jobs = queue.jobs();
    QCOMPARE(int(jobs.size()), 2);
    QVERIFY(jobs[0].running && jobs[0].name == "Train (GAP)");
    QVERIFY(!jobs[1].running && jobs[1].name == "Map positions");
    QCOMPARE(queue.summary(), QString("Train (GAP) · Map positions: waiting for Train (GAP)"));

    QSignalSpy changed(&queue, &TorchQueue::changed);
    queue.cancel(jobs[1].id);
    QCOMPARE(int(queue.jobs().size()), 1);
    QVERIFY(changed.wait(5000));
    gate.open();
    QCOMPARE(resultOf(first), QString());
    QCOMPARE(resultOf(second), kCancelled);
    QVERIFY(!secondRan);
    QTRY_VERIFY_WITH_TIMEOUT(queue.jobs().empty(), 5000);
    QCOMPARE(queue.summary(), QString());
  }

  void cancellingARunningJobAsksItToStop() {
    TorchQueue queue(1);
    Gate gate;
    const auto job = queue.submit("Run grid", [&] { gate.wait(); }, [&] { gate.stop(); });
    QTRY_COMPARE_WITH_TIMEOUT(gate.arrived(), 1, 10000);
    queue.cancelAll();
    QCOMPARE(resultOf(job), kCancelled);
  }

  void errorsComeBackAsText() {
    TorchQueue queue;
    QCOMPARE(resultOf(queue.submit("Load", [] { throw Error("no such file: x.gz"); }, [] {})),
             QString("no such file: x.gz"));
  }

  void twoSlotsRunTwoJobsAtOnce() {
    TorchQueue queue(2);
    QCOMPARE(queue.slotCount(), 2);
    Gate gate;
    const auto a = queue.submit("Map positions (FC)", [&] { gate.wait(); }, [&] { gate.stop(); });
    const auto b = queue.submit("Map positions (GAP)", [&] { gate.wait(); }, [&] { gate.stop(); });
    QTRY_COMPARE_WITH_TIMEOUT(gate.arrived(), 2, 10000);  // both inside at once
    gate.open();
    QCOMPARE(resultOf(a), QString());
    QCOMPARE(resultOf(b), QString());
  }

  // Two real grid runners on one single-slot queue: the second waits for the
  // first, runs once the first is cancelled, and finishes with its rows.
  void controllersShareTheQueue() {
    auto spec = presetSpec("lecture-image");
    spec.heads = {Head::Fc};
    spec.trainPositions = {"middle"};
    spec.testPositions = {"middle"};
    spec.limitTrain = 600;
    spec.limitTest = 100;
    spec.training.patience = 0;
    auto longSpec = spec;
    longSpec.training.epochs = 1000;
    spec.training.epochs = 1;

    TorchQueue queue(1);
    TrainingController first, second;
    first.setQueue(&queue);
    second.setQueue(&queue);
    QSignalSpy firstProgress(&first, &TrainingController::progress);
    QSignalSpy firstDone(&first, &TrainingController::finished);
    QSignalSpy secondDone(&second, &TrainingController::finished);
    QVERIFY(first.start(longSpec));
    QVERIFY(second.start(spec));
    QTRY_VERIFY_WITH_TIMEOUT(!firstProgress.isEmpty(), 60000);
    QCOMPARE(queue.summary(), QString("Run grid (image) · Run grid (image): waiting for Run grid (image)"));
    QVERIFY(secondDone.isEmpty());
    queue.cancel(queue.jobs().front().id);  // the running one, as the status bar's menu does
    QVERIFY(firstDone.wait(60000));
    QCOMPARE(firstDone.first().at(0).toBool(), true);
    QTRY_VERIFY_WITH_TIMEOUT(!secondDone.isEmpty(), 120000);
    QCOMPARE(secondDone.first().at(0).toBool(), false);
    QCOMPARE(int(second.rows().size()), 1);
  }
};

QTEST_GUILESS_MAIN(TestTorchQueue)
#include "tst_torch_queue.moc"
