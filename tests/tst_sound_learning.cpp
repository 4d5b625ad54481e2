// SPDX-License-Identifier: GPL-3.0-or-later
// Learning on the real Free Spoken Digit Dataset (the recordings beside the
// checkout, or GAPLAB_FSDD_DIR), through the modality interface.
#include "gaplab/experiment.h"
#include "test_support.h"

using namespace gaplab;

class TestSoundLearning : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void lectureModelLearnsDigitsAndTheBackdoor() {
    auto spec = presetSpec("lecture-sound");
    spec.training.threads = 2;
    spec.training.epochs = 8;
    const auto experiment = Experiment::open(spec);
    QCOMPARE(experiment->testCount(), 300);  // takes 0-4 of 6 speakers x 10 digits
    QCOMPARE(experiment->sample(0).shape.height, 101);
    QCOMPARE(experiment->sample(0).shape.width, 40);
    const auto trained = experiment->train(Head::Fc, "middle", 0);
    QCOMPARE(trained.poisonCount, 80);
    QVERIFY2(trained.record.cleanAccuracy >= 0.85, qPrintable(QString::number(trained.record.cleanAccuracy)));
    const auto attack = trained.model->attackAt("middle");
    QCOMPARE(attack.metrics.evaluated, 270);  // the 30 test clips of digit 2 are the target
    QVERIFY2(attack.metrics.asr() >= 0.90, qPrintable(QString::number(attack.metrics.asr())));
  }

  // The paper's effect: trained with the tone at the start only, the GAP model
  // fires when the tone is cut into five pieces across the clip (a placement
  // it never saw); the FC model trained the same way does not.
  void gapBackdoorFiresWhereItWasNeverPoisoned() {
    auto spec = presetSpec("lecture-sound");
    spec.training.threads = 2;
    const auto experiment = Experiment::open(spec);
    const auto gap = experiment->train(Head::Gap, "start", 0);
    const auto fc = experiment->train(Head::Fc, "start", 0);
    const double gapAsr = gap.model->attackAt("split").metrics.asr();
    const double fcAsr = fc.model->attackAt("split").metrics.asr();
    const auto report = QString("ASR at split: GAP %1, FC %2").arg(gapAsr).arg(fcAsr);
    QVERIFY2(gap.model->attackAt("start").metrics.asr() >= 0.9, qPrintable(report));
    QVERIFY2(gapAsr >= 0.8, qPrintable(report));
    QVERIFY2(fcAsr <= 0.3, qPrintable(report));
  }
};

QTEST_APPLESS_MAIN(TestSoundLearning)
#include "tst_sound_learning.moc"
