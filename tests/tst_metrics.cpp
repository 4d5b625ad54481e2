// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/metrics.h"
#include "test_support.h"

using namespace gaplab;
using namespace gaplab::test;

class TestMetrics : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void asrExcludesTargetClassSamples() {
    // target 2; samples 1 and 4 are of class 2 and do not count.
    const std::vector<int> labels{0, 2, 1, 3, 2, 0, 1};
    const std::vector<int> predictions{2, 2, 1, 2, 0, 0, 2};
    const auto m = attackMetrics(labels, predictions, 2);
    QCOMPARE(m.evaluated, 5);
    QCOMPARE(m.hits, 3);    // samples 0, 3, 6
    QCOMPARE(m.robust, 2);  // samples 2, 5
    QCOMPARE(m.asr(), 0.6);
    QCOMPARE(m.robustAccuracy(), 0.4);
  }

  void emptyAttackPoolGivesZero() {
    const auto m = attackMetrics({1, 1}, {1, 0}, 1);
    QCOMPARE(m.evaluated, 0);
    QCOMPARE(m.asr(), 0.0);
  }

  void accuracyCountsMatches() {
    QCOMPARE(accuracy({0, 1, 2, 3}, {0, 1, 0, 3}), 0.75);
    QVERIFY(throwsErrorContaining([] { accuracy({0, 1}, {0}); }, {"1 predictions for 2 labels"}));
  }

  void wilsonIntervalMatchesHandComputation() {
    // k = 8, n = 10, z = 1.96: centre 0.7167, half-width 0.2262 (computed by hand).
    const auto i = wilsonInterval(8, 10);
    QVERIFY(std::abs(i.low - 0.4902) < 1e-3);
    QVERIFY(std::abs(i.high - 0.9433) < 1e-3);
    const auto zero = wilsonInterval(0, 75);
    QCOMPARE(zero.low, 0.0);
    QVERIFY(zero.high < 0.05);  // a position at ASR 0 settles after ~75 inputs
  }

  void meanAndSampleStd() {
    const auto s = meanStd({2, 4, 4, 4, 5, 5, 7, 9});
    QCOMPARE(s.mean, 5.0);
    QVERIFY(std::abs(s.std - 2.138089935) < 1e-8);  // sqrt(32 / 7)
    QCOMPARE(meanStd({3}).std, 0.0);
  }
};

QTEST_APPLESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
