// SPDX-License-Identifier: GPL-3.0-or-later
// The one position sweep (gaplab/placement_sweep.h) on a hand-made session
// whose answers are known.
#include <algorithm>
#include <atomic>

#include "gaplab/error.h"
#include "gaplab/placement_sweep.h"
#include "test_support.h"

using namespace gaplab;

namespace {

// A session whose ASR at placement p is percent(p) %, its hits spread evenly
// over the pool (rows [0, n) hold floor(n * percent / 100) of them): an ASR
// known exactly for every prefix, and every call recorded.
class CountingSession : public ModelSession {
public:
  explicit CountingSession(int pool) : pool_(pool) {}
  int poolSize() const override { return pool_; }
  AttackMetrics attack(int start, int count, Placement placement) override {
    calls.push_back({start, count});
    AttackMetrics m;
    m.evaluated = count;
    const int percent = std::min(100, 10 * placement.x + placement.y);
    m.hits = (start + count) * percent / 100 - start * percent / 100;
    m.robust = count - m.hits;
    m.truncated = placement.x;  // a count the sweep must add up, not compute
    return m;
  }
  AttackResult attackAt(const std::string&, int) override { return {}; }
  double cleanAccuracy(int) override { return 0; }
  Inspection inspect(int, const Placement*) override { return {}; }
  std::vector<Placement> placements(int) const override { return {}; }
  void save(const TrainingRecord&, const std::string&) const override {}

  std::vector<std::pair<int, int>> calls;

private:
  int pool_;
};

}  // namespace

class TestPlacementSweep : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void everyInputAtEveryPlacementInOrder() {
    CountingSession session(200);
    const std::vector<Placement> placements{{3, 4}, {0, 0}, {10, 0}};
    std::vector<int> done;
    const auto cells = sweepPlacements(session, placements, SweepOptions{},
                                       [&](const SweepCell& cell, int n, int total) {
                                         QCOMPARE(total, 3);
                                         QCOMPARE(cell.position.x, placements[std::size_t(n - 1)].x);
                                         done.push_back(n);
                                       });
    QCOMPARE(done, (std::vector<int>{1, 2, 3}));
    QCOMPARE(session.calls.size(), std::size_t(3));  // precision 0: the whole pool in one call each
    QCOMPARE(cells[0].metrics.evaluated, 200);
    QCOMPARE(cells[0].metrics.hits, 68);
    QCOMPARE(cells[1].metrics.hits, 0);
    QCOMPARE(cells[2].metrics.hits, 200);
    QCOMPARE(cells[0].metrics.asr(), 0.34);
    QCOMPARE(cells[0].metrics.truncated, 3);
  }

  // With a precision the sweep stops at the first batch whose 95% Wilson
  // interval is narrow enough: at ASR 0 after 64 inputs for +/- 0.05
  // (upper bound 3.84 / 67.84 = 0.057, half-width 0.028); at ASR 0.5 it
  // never is (half-width 0.119 at 64 inputs, 0.069 at all 200).
  void precisionStopsWhereTheIntervalIsNarrow() {
    CountingSession session(200);
    SweepOptions options;
    options.halfWidth = 0.05;
    const auto cells = sweepPlacements(session, {{0, 0}, {5, 0}}, options);
    QCOMPARE(cells[0].metrics.evaluated, 64);
    QCOMPARE(cells[0].metrics.hits, 0);
    QVERIFY(cells[0].interval.low == 0 && cells[0].interval.high < 0.06);
    QCOMPARE(cells[1].metrics.evaluated, 200);  // 64 + 64 + 64 + 8
    QCOMPARE(cells[1].metrics.hits, 100);
    QCOMPARE(session.calls.back(), (std::pair<int, int>{192, 8}));
    QCOMPARE(cells[1].metrics.truncated, 5 * 4);  // summed over its four calls
  }

  void stopsWhenAsked() {
    CountingSession session(200);
    std::atomic<bool> stop{false};
    bool cancelled = false;
    try {
      sweepPlacements(session, {{0, 0}, {1, 0}, {2, 0}}, SweepOptions{},
                      [&](const SweepCell&, int done, int) { stop = done == 2; }, &stop);
    } catch (const Cancelled&) {
      cancelled = true;
    }
    QVERIFY(cancelled);
    QCOMPARE(session.calls.size(), std::size_t(2));
  }

  void refusesOptionsOutOfRange() {
    CountingSession session(10);
    SweepOptions options;
    options.halfWidth = 0.5;
    QVERIFY_THROWS_EXCEPTION(Error, sweepPlacements(session, {{0, 0}}, options));
    options.halfWidth = 0;
    options.batch = 0;
    QVERIFY_THROWS_EXCEPTION(Error, sweepPlacements(session, {{0, 0}}, options));
  }
};

QTEST_GUILESS_MAIN(TestPlacementSweep)
#include "tst_placement_sweep.moc"
