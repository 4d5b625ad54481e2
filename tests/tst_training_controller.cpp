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

    // The event loop keeps ticking while the worker trains.
    QTimer tick;
    tick.setInterval(10);
    QElapsedTimer sinceLastTick;
    qint64 longestGap = 0;
    int ticks = 0;
    connect(&tick, &QTimer::timeout, [&] {
      if (ticks++ > 0) longestGap = std::max(longestGap, sinceLastTick.elapsed());
      sinceLastTick.restart();
    });
    sinceLastTick.start();
    tick.start();
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 5, 30000);
    QVERIFY2(longestGap < 250, qPrintable(QString("the GUI thread stalled for %1 ms").arg(longestGap)));
    // Throttled: at most one progress signal per 40 ms tick, however many batches ran.
    const auto args = progress.last();
    QCOMPARE(args.at(0).toInt(), 1);
    QCOMPARE(args.at(1).toInt(), 1);
    QVERIFY(args.at(6).toInt() > 0);  // batches per epoch

    QElapsedTimer cancelling;
    cancelling.start();
    controller.cancel();
    QVERIFY(finished.wait(5000));
    QVERIFY2(cancelling.elapsed() < 1000, qPrintable(QString("cancel took %1 ms").arg(cancelling.elapsed())));
    QCOMPARE(finished.first().at(0).toBool(), true);
    QVERIFY(!controller.isRunning());
    QVERIFY(controller.rows().empty());
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
