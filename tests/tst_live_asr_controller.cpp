// SPDX-License-Identifier: GPL-3.0-or-later
// The live ASR loop behind a dragged trigger: results match core's
// evaluation, a burst of drags yields results only for the last one, and a
// request overtaken while the worker is busy is dropped unevaluated.
#include <QSignalSpy>

#include <condition_variable>
#include <mutex>

#include "gaplab/checkpoint.h"
#include "gaplab/evaluation.h"
#include "gaplab/experiment.h"
#include "gaplab/image_experiment.h"
#include "gaplab/image_model.h"
#include "gaplab/training.h"
#include "live_asr_controller.h"
#include "test_support.h"

using namespace gaplab;
using gaplab::app::LiveAsrController;

namespace {

// The lecture preset's first 600 test images, a lecture model trained on
// its first 600 training images for a moment (its predictions vary with the
// trigger's position, which is all we need), and the session core opens on
// that model's checkpoint, as the GUI does.
struct Fixture {
  ExperimentSpec spec;
  ExperimentData data;
  std::shared_ptr<ImageModel> model;
  std::shared_ptr<ModelSession> session;
};

Fixture makeFixture(const QTemporaryDir& dir) {
  Fixture f;
  f.spec = presetSpec("lecture-image");
  f.spec.limitTrain = 600;
  f.spec.limitTest = 600;
  f.data = loadExperimentData(f.spec);
  const auto& train = f.data.splits.train;
  f.model = std::make_shared<ImageModel>(
      ModelConfig{Architecture::Lecture, Head::Gap, train.shape(), train.numClasses()}, 3);
  TrainingConfig config;
  config.epochs = 1;
  config.patience = 0;
  trainModel(*f.model, train, {}, config);
  CheckpointInfo info;
  info.spec = f.spec;
  info.model = f.model->config();
  info.trigger = f.data.trigger;
  info.trainPosition = "middle";
  const auto path = test::pathIn(dir, "model.pt");
  saveCheckpoint(*f.model, info, path);
  f.session = Experiment::open(f.spec)->session(path, f.spec);
  return f;
}

// A session whose first attack waits at a gate until the test opens it, and
// which records every placement it inspects or attacks.
class GatedSession : public app::ModelSession {
public:
  int poolSize() const override { return 200; }
  AttackMetrics attack(int, int count, app::Placement placement) override {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      attacked_.push_back(placement);
      waiting_ = true;
      open_.wait(lock, [this] { return gateOpen_; });
      waiting_ = false;
    }
    AttackMetrics metrics;
    metrics.evaluated = count;
    metrics.hits = placement.x;  // any figure that names the placement
    return metrics;
  }
  app::Inspection inspect(int, const app::Placement* placement) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (placement) inspected_.push_back(*placement);
    return {};
  }
  std::vector<app::Placement> placements(int) const override { return {}; }
  AttackResult attackAt(const std::string&, int) override { return {}; }  // the live loop does not ask
  double cleanAccuracy(int) override { return 0; }
  void save(const TrainingRecord&, const std::string&) const override {}

  bool waitingAtGate() {
    std::lock_guard<std::mutex> lock(mutex_);
    return waiting_;
  }
  void openGate() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      gateOpen_ = true;
    }
    open_.notify_all();
  }
  std::vector<app::Placement> attacked() {
    std::lock_guard<std::mutex> lock(mutex_);
    return attacked_;
  }
  std::vector<app::Placement> inspected() {
    std::lock_guard<std::mutex> lock(mutex_);
    return inspected_;
  }

private:
  std::mutex mutex_;
  std::condition_variable open_;
  bool gateOpen_ = false;
  bool waiting_ = false;
  std::vector<app::Placement> attacked_, inspected_;
};

}  // namespace

class TestLiveAsrController : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void deliversCoresAsrForTheRequestedPosition() {
    QTemporaryDir dir;
    const auto f = makeFixture(dir);
    LiveAsrController controller;
    controller.setSession(f.session);
    QSignalSpy results(&controller, &LiveAsrController::result);
    controller.requestPosition({3, 11});
    QTRY_VERIFY_WITH_TIMEOUT(!results.isEmpty() && results.last().at(6).toBool(), 10000);
    // First an estimate on the first batch, then the final figure on every input.
    QCOMPARE(results.first().at(6).toBool(), false);
    QCOMPARE(results.first().at(5).toInt(), 128);
    const auto last = results.last();
    const auto exact = evaluateAttack(*f.model, f.data.splits.test, f.data.trigger, {3, 11}, f.spec.target).metrics;
    QCOMPARE(last.at(0).toInt(), 3);
    QCOMPARE(last.at(1).toInt(), 11);
    QCOMPARE(last.at(5).toInt(), exact.evaluated);
    QCOMPARE(last.at(2).toDouble(), exact.asr());
    QVERIFY(last.at(3).toDouble() <= exact.asr() && exact.asr() <= last.at(4).toDouble());
  }

  void aBurstOfDragsYieldsOnlyTheLast() {
    QTemporaryDir dir;
    const auto f = makeFixture(dir);
    LiveAsrController controller;
    controller.setSession(f.session);
    QSignalSpy results(&controller, &LiveAsrController::result);
    for (int x = 0; x <= 20; ++x) controller.requestPosition({x, x});
    QTRY_VERIFY_WITH_TIMEOUT(!results.isEmpty() && results.last().at(6).toBool(), 10000);
    for (const auto& r : results) {
      QCOMPARE(r.at(0).toInt(), 20);
      QCOMPARE(r.at(1).toInt(), 20);
    }
  }

  // While the worker is busy, a request that is overtaken by a newer one
  // before the worker takes it is never evaluated.
  void aQueuedRequestOvertakenWhileBusyIsDropped() {
    auto session = std::make_shared<GatedSession>();
    LiveAsrController controller;
    controller.setSession(session);
    controller.setFirstBatch(50);
    QSignalSpy queued(&controller, &LiveAsrController::queued);
    QSignalSpy results(&controller, &LiveAsrController::result);

    controller.requestPosition({1, 1});
    QTRY_VERIFY_WITH_TIMEOUT(session->waitingAtGate(), 10000);  // the worker holds {1, 1}
    controller.requestPosition({2, 2});
    QTRY_COMPARE_WITH_TIMEOUT(queued.count(), 2, 10000);  // {2, 2} waits for the worker ...
    controller.requestPosition({3, 3});
    QTRY_COMPARE_WITH_TIMEOUT(queued.count(), 3, 10000);  // ... and {3, 3} takes its place
    session->openGate();
    QTRY_VERIFY_WITH_TIMEOUT(!results.isEmpty() && results.last().at(6).toBool(), 10000);

    const auto attacked = session->attacked();
    QVERIFY(attacked.front() == (Position{1, 1}));
    for (const auto& p : attacked) QVERIFY2(!(p == Position{2, 2}), "the overtaken request was evaluated");
    QVERIFY(attacked.back() == (Position{3, 3}));
    for (const auto& p : session->inspected()) QVERIFY(!(p == Position{2, 2}));
    for (const auto& r : results) QCOMPARE(r.at(0).toInt(), 3);  // nothing stale was emitted
    QCOMPARE(results.last().at(5).toInt(), 200);                  // every input of the pool
  }
};

QTEST_GUILESS_MAIN(TestLiveAsrController)
#include "tst_live_asr_controller.moc"
