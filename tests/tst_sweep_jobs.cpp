// SPDX-License-Identifier: GPL-3.0-or-later
// The one job interface every sweep (grid, budget, detect-grid) implements:
// its kinds, the order and names of its jobs, its identity, and the checks
// that run before the first training.
#include <QtTest>

#include "gaplab/budget.h"
#include "gaplab/detect_grid.h"
#include "gaplab/experiment.h"
#include "gaplab/grid.h"
#include "gaplab/sweep_jobs.h"
#include "test_support.h"

using namespace gaplab;

namespace {

ExperimentSpec twoByTwoSpec() {
  auto spec = presetSpec("lecture-image");
  spec.heads = {Head::Gap, Head::Fc};
  spec.trainPositions = {"upper-left", "lower-right"};
  spec.testPositions = {"middle"};
  spec.reps = 2;
  spec.limitTrain = 300;
  spec.limitTest = 50;
  return spec;
}

BudgetPlan budgetPlanOf(const ExperimentSpec& spec, const std::vector<std::string>& levels) {
  BudgetPlan plan;
  plan.spec = spec;
  for (const auto& level : levels) plan.levels.push_back(parsePoisonLevel(level));
  plan.regimes = {PoisonRegime::Fixed, PoisonRegime::Random};
  return plan;
}

std::vector<std::string> labels(const SweepJobs& sweep) {
  std::vector<std::string> all;
  for (int job = 0; job < sweep.jobCount(); ++job) all.push_back(sweep.jobLabel(job));
  return all;
}

}  // namespace

class TestSweepJobs : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void kindsAreTheThreeSweeps() {
    std::vector<std::string> names;
    for (const auto& kind : sweepKinds()) names.push_back(kind.name);
    QVERIFY(names == (std::vector<std::string>{"grid", "budget", "detect-grid"}));
    QVERIFY(test::throwsErrorContaining([] { sweepKind("gird"); }, {"'gird'", "grid, budget, detect-grid"}));
  }

  // Heads, then training positions, then reps: the order shards and work
  // directories number the grid's jobs by.
  void gridJobsInTheirOrder() {
    const GridSweep grid(twoByTwoSpec());
    const auto all = labels(grid);
    QCOMPARE(int(all.size()), 8);
    QCOMPARE(all[0], std::string("gap @ upper-left, rep 0"));
    QCOMPARE(all[1], std::string("gap @ upper-left, rep 1"));
    QCOMPARE(all[2], std::string("gap @ lower-right, rep 0"));
    QCOMPARE(all[4], std::string("fc @ upper-left, rep 0"));
    QCOMPARE(all[7], std::string("fc @ lower-right, rep 1"));
    // detect-grid defends exactly the grid's models, in the grid's order.
    const DetectGridSweep detect(twoByTwoSpec(), {DefenceMethod::NeuralCleanse}, DefenceSettings{});
    QVERIFY(labels(detect) == all);
    QVERIFY(test::throwsErrorContaining([&] { grid.jobLabel(8); }, {"grid job 8 does not exist"}));
  }

  // Heads, then regimes, then levels, then reps.
  void budgetJobsInTheirOrder() {
    const BudgetSweep budget(budgetPlanOf(twoByTwoSpec(), {"10", "2%"}));
    const auto all = labels(budget);
    QCOMPARE(int(all.size()), 2 * 2 * 2 * 2);
    QCOMPARE(all[0], std::string("gap, fixed, 10, rep 0"));
    QCOMPARE(all[1], std::string("gap, fixed, 10, rep 1"));
    QCOMPARE(all[2], std::string("gap, fixed, 2%, rep 0"));
    QCOMPARE(all[4], std::string("gap, random, 10, rep 0"));
    QCOMPARE(all[8], std::string("fc, fixed, 10, rep 0"));
  }

  // A merge knows a sweep only by its kind and identity: the identity must
  // give back the spec the sweep ran, and the kind its report.
  void identityHoldsTheSpec() {
    const auto spec = twoByTwoSpec();
    const GridSweep grid(spec);
    const BudgetSweep budget(budgetPlanOf(spec, {"10"}));
    const DetectGridSweep detect(spec, {DefenceMethod::Strip}, DefenceSettings{});
    for (const SweepJobs* sweep : std::vector<const SweepJobs*>{&grid, &budget, &detect}) {
      QCOMPARE(specToJson(specOfIdentity(sweep->identity(), "identity")), specToJson(spec));
      QCOMPARE(sweepKind(sweep->kind()).name, sweep->kind());
    }
    QCOMPARE(grid.header(), gridCsvTable().header());
    QCOMPARE(budget.header(), budgetCsvTable().header());
    QCOMPARE(detect.header(), detectCsvTable().header());
    QVERIFY(budget.identity().find("\"levels\":[\"10\"]") != std::string::npos);
    QVERIFY(detect.identity().find("\"methods\":[\"strip\"]") != std::string::npos);
    QVERIFY(test::throwsErrorContaining([] { specOfIdentity("{\"levels\":[]}", "shard.json"); },
                                        {"shard.json", "no spec"}));
  }

  // A level the training split cannot hold fails before the first training.
  void budgetChecksEveryLevelFirst() {
    const auto spec = twoByTwoSpec();
    const auto experiment = Experiment::open(spec);
    const int n = experiment->trainCount();
    QVERIFY(n > 20);
    QCOMPARE(BudgetSweep(budgetPlanOf(spec, {"10", "50%"})).largestPoisonCount(*experiment),
             int(std::lround(n * 0.5)));
    QCOMPARE(GridSweep(spec).largestPoisonCount(*experiment), spec.poisonCount);
    BudgetSweep tooMuch(budgetPlanOf(spec, {"10", std::to_string(n + 1)}));
    QVERIFY(test::throwsErrorContaining([&] { tooMuch.largestPoisonCount(*experiment); },
                                        {"poison level " + std::to_string(n + 1), "training split"}));
    int trained = 0;
    QVERIFY(test::throwsErrorContaining(
        [&] {
          runEveryJob<BudgetRow>(tooMuch, *experiment, [&](const JobProgress&) { ++trained; }, {}, nullptr);
        },
        {"more than the " + std::to_string(n)}));
    QCOMPARE(trained, 0);
  }
};

QTEST_GUILESS_MAIN(TestSweepJobs)
#include "tst_sweep_jobs.moc"
