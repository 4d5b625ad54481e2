// SPDX-License-Identifier: GPL-3.0-or-later
// The controller that runs trainings off the GUI thread: progress arrives,
// the event loop keeps running, cancel stops the run.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTimer>

#include "gaplab/experiment_spec.h"
#include "test_support.h"
#include "training_controller.h"

using gaplab::app::TrainingController;

class TestTrainingController : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void trainsOffTheGuiThreadAndCancels() {
    auto spec = gaplab::presetSpec("lecture-image");
    spec.heads = {gaplab::Head::Gap};
    spec.trainPositions = {"middle"};
    spec.limitTrain = 4000;
    spec.limitTest = 200;
    spec.training.epochs = 100;  // far longer than the test waits
    spec.training.patience = 0;

    TrainingController controller;
    QSignalSpy progress(&controller, &TrainingController::progress);
    QSignalSpy finished(&controller, &TrainingController::finished);
    QVERIFY(controller.start(spec));
    QVERIFY(controller.isRunning());
    QVERIFY(!controller.start(spec));  // one run at a time

    // The event loop keeps turning while the worker trains: timer events are
    // delivered between progress reports. (Counted, not timed: a loaded
    // machine delays both alike; tests/bench measures the stall.)
    QTimer tick;
    tick.setInterval(10);
    int ticks = 0;
    connect(&tick, &QTimer::timeout, [&] { ++ticks; });
    tick.start();
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 5, 60000);
    QVERIFY(controller.isRunning());
    QVERIFY2(ticks >= 5, qPrintable(QString("%1 timer events during 5 progress reports").arg(ticks)));
    const auto args = progress.last();
    QCOMPARE(args.at(0).toInt(), 1);
    QCOMPARE(args.at(1).toInt(), 1);
    QVERIFY(args.at(6).toInt() > 0);  // batches per epoch

    // Cancel ends the run (core's tests check it stops within one batch).
    controller.cancel();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().at(0).toBool(), true);
    QVERIFY(!controller.isRunning());
    QVERIFY(controller.rows().empty());
  }

  // Many tiny batches: progress reaches the GUI thread at most once per 40 ms
  // throttle tick (plus the last state at the end), never once per batch.
  void progressIsThrottled() {
    auto spec = gaplab::presetSpec("lecture-image");
    spec.heads = {gaplab::Head::Fc};
    spec.trainPositions = {"middle"};
    spec.testPositions = {"middle"};
    spec.limitTrain = 500;  // 400 training images in batches of 1
    spec.limitTest = 50;
    spec.training.batchSize = 1;
    spec.training.epochs = 2;
    spec.training.patience = 0;
    TrainingController controller;
    QSignalSpy progress(&controller, &TrainingController::progress);
    QSignalSpy finished(&controller, &TrainingController::finished);
    QElapsedTimer running;
    running.start();
    QVERIFY(controller.start(spec));
    QVERIFY(finished.wait(120000));
    const qint64 elapsed = running.elapsed();
    QCOMPARE(finished.first().at(1).toString(), QString());
    const int batches = 2 * 400;
    QVERIFY(progress.count() >= 1);
    QVERIFY2(progress.count() <= elapsed / 40 + 2,
             qPrintable(QString("%1 progress signals in %2 ms").arg(progress.count()).arg(elapsed)));
    QVERIFY2(progress.count() < batches, qPrintable(QString("%1 progress signals").arg(progress.count())));
    // The last report is the last batch.
    QCOMPARE(progress.last().at(3).toInt(), 1);    // epoch (0-based)
    QCOMPARE(progress.last().at(5).toInt(), 400);  // batch
  }

  void reportsRowsAndErrors() {
    auto spec = gaplab::presetSpec("lecture-image");
    spec.heads = {gaplab::Head::Fc};
    spec.trainPositions = {"upper-left"};
    spec.testPositions = {"upper-left", "lower-right"};
    spec.limitTrain = 500;
    spec.limitTest = 100;
    spec.training.epochs = 1;
    TrainingController controller;
    QSignalSpy rows(&controller, &TrainingController::rowFinished);
    QSignalSpy finished(&controller, &TrainingController::finished);
    QVERIFY(controller.start(spec));
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QCOMPARE(finished.first().at(1).toString(), QString());
    QCOMPARE(rows.count(), 2);
    QCOMPARE(rows.at(1).at(2).toString(), QString("lower-right"));
    QCOMPARE(controller.rows().size(), std::size_t(2));

    spec.dataDir = "/nonexistent";  // fails on the worker: reported, not thrown
    finished.clear();
    QVERIFY(controller.start(spec));
    QVERIFY(finished.wait(10000));
    QVERIFY(finished.first().at(1).toString().contains("/nonexistent"));
  }
};

QTEST_GUILESS_MAIN(TestTrainingController)
#include "tst_training_controller.moc"
