// SPDX-License-Identifier: GPL-3.0-or-later
// Sweeps that outgrow one run: every sweep command split into shards and
// merged gives the bytes of the unsharded run (1, 2 and 5 shards, and more
// shards than jobs); missing, doubled, corrupt and foreign shards are
// refused by name; a sweep killed half way resumes from its work directory
// to the same bytes.
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include "cli_runner.h"
#include "gaplab/error.h"
#include "shards.h"

using gaplab::Error;
using namespace gaplab::test;
using gaplab::cli::parseShard;
using gaplab::cli::shardJobs;

namespace {

// Four jobs each, a second or two apiece; every run with the same threads (bits depend on them).
QStringList gridArguments() {
  return {"grid", "--preset", "lecture-image", "--heads", "fc,gap", "--train-pos", "upper-left,lower-right",
          "--test-pos", "upper-left,middle,lower-right", "--limit-train", "600", "--limit-test", "100", "--epochs", "1",
          "--poison", "30", "--threads", "2"};
}

QStringList budgetArguments() {
  return {"budget", "--preset", "lecture-image", "--heads", "fc", "--reps", "2", "--limit-train", "600",
          "--limit-test", "100", "--epochs", "1", "--poison", "20,10%", "--regimes", "random", "--stride", "10",
          "--threads", "2"};
}

}  // namespace

class TestSweepShards : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  QString path(const QString& name) const { return dir_.filePath(name); }

  // The unsharded run's CSV and summary, then every shard count's merge compared byte for byte.
  void shardsMergeToTheWholeRun(const QStringList& arguments, const QString& name) {
    auto run = runCli(arguments + QStringList{"--out", path(name + ".csv")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto csv = fileBytes(path(name + ".csv")), summary = fileBytes(path(name + ".json"));
    QVERIFY(csv.count('\n') > 1);
    for (const int shards : {1, 2, 5}) {
      QStringList files;
      for (int i = 0; i < shards; ++i) {
        const auto shard = path(QString("%1-%2-of-%3.csv").arg(name).arg(i).arg(shards));
        run = runCli(arguments + QStringList{"--shard", QString("%1/%2").arg(i).arg(shards), "--out", shard});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        files << shard;
      }
      const auto merged = path(QString("%1-merged-%2.csv").arg(name).arg(shards));
      run = runCli(QStringList{"merge", "--out", merged} + files);
      QVERIFY2(run.exitCode == 0, qPrintable(run.err));
      QVERIFY2(fileBytes(merged) == csv, qPrintable(QString("%1 shards: the CSV differs").arg(shards)));
      QVERIFY2(fileBytes(QString(merged).replace(".csv", ".json")) == summary,
               qPrintable(QString("%1 shards: the summary differs").arg(shards)));
    }
  }

private Q_SLOTS:
  void initTestCase() { QVERIFY2(QFile::exists(qEnvironmentVariable("GAPLAB_CLI")), "GAPLAB_CLI not set"); }

  void shardsAreBalancedAndCoverEveryJob() {
    QCOMPARE(parseShard("2/5").index, 2);
    for (const char* bad : {"5/5", "-1/3", "1/0", "1", "1/2x", "a/b"})
      QVERIFY_THROWS_EXCEPTION(Error, parseShard(bad));
    // Costs 5, 1, 1, 1, 1, 3 into three shards, costliest first to the least
    // loaded: 5 | 3 | 1, 1, 1 (loads 5, 3, 3), and the last 1 to the lower of the two at 3.
    const std::vector<double> costs{5, 1, 1, 1, 1, 3};
    QCOMPARE(shardJobs(costs, {0, 3}), (std::vector<int>{0}));
    QCOMPARE(shardJobs(costs, {1, 3}), (std::vector<int>{4, 5}));
    QCOMPARE(shardJobs(costs, {2, 3}), (std::vector<int>{1, 2, 3}));
    // Equal costs: round robin.
    QCOMPARE(shardJobs(std::vector<double>(7, 1.0), {1, 3}), (std::vector<int>{1, 4}));
    QVERIFY(shardJobs(costs, {7, 8}).empty());  // more shards than jobs: some run none
  }

  void gridShardsMergeToTheWholeRun() { shardsMergeToTheWholeRun(gridArguments(), "grid"); }
  void budgetShardsMergeToTheWholeRun() { shardsMergeToTheWholeRun(budgetArguments(), "budget"); }

  // Eight shards of four jobs: four run nothing and still merge.
  void moreShardsThanJobs() {
    QStringList files;
    for (int i = 0; i < 8; ++i) {
      const auto shard = path(QString("many-%1.csv").arg(i));
      const auto run = runCli(gridArguments() + QStringList{"--shard", QString("%1/8").arg(i), "--out", shard});
      QVERIFY2(run.exitCode == 0, qPrintable(run.err));
      files << shard;
    }
    const auto run = runCli(QStringList{"merge", "--out", path("many.csv")} + files);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(fileBytes(path("many.csv")), fileBytes(path("grid.csv")));
  }

  void badShardsAreRefusedByName() {
    auto merge = [&](const QStringList& files) { return runCli(QStringList{"merge", "--out", path("bad.csv")} + files); };
    const auto a = path("grid-0-of-2.csv"), b = path("grid-1-of-2.csv");
    auto run = merge({a});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("jobs are in no shard given"), qPrintable(run.err));
    run = merge({a, a, b});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("is in both " + a + " and " + a), qPrintable(run.err));
    // Cut off: half the file.
    const auto cut = path("cut.csv");
    QFile::copy(a + ".shard.json", cut + ".shard.json");
    QFile out(cut);
    QVERIFY(out.open(QIODevice::WriteOnly));
    const auto bytes = fileBytes(a);
    out.write(bytes.left(bytes.size() / 2));
    out.close();
    run = merge({cut, b});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(cut), qPrintable(run.err));
    // Foreign: a shard of the budget sweep among the grid's.
    run = merge({a, path("budget-1-of-2.csv")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(path("budget-1-of-2.csv") + ": a shard of another sweep"), qPrintable(run.err));
    // No description at all.
    run = merge({path("grid.csv")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(path("grid.csv") + ": not a gaplab shard"), qPrintable(run.err));
  }

  // SIGKILL after the first job is written; the rerun trains only the rest
  // and writes the uninterrupted run's bytes. Another sweep in the same
  // work directory is refused.
  void killedSweepResumesToTheSameBytes() {
    const auto work = path("work");
    QProcess first;
    first.start(qEnvironmentVariable("GAPLAB_CLI"),
                gridArguments() + QStringList{"--work-dir", work, "--out", path("resumed.csv")});
    QVERIFY(first.waitForStarted());
    QElapsedTimer waited;
    waited.start();
    while (!QFile::exists(work + "/jobs/00000.csv") && waited.elapsed() < 120000 && first.state() == QProcess::Running)
      QTest::qWait(20);
    QVERIFY2(QFile::exists(work + "/jobs/00000.csv"), "the first job never finished");
    ::kill(static_cast<pid_t>(first.processId()), SIGKILL);
    first.waitForFinished();
    const int done = QDir(work + "/jobs").entryList({"*.csv"}).size();
    QVERIFY2(done < 4, "the sweep finished before it was killed");
    const auto run = runCli(gridArguments() + QStringList{"--work-dir", work, "--out", path("resumed.csv")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(QString("resumed: %1 of 4 jobs").arg(done)), qPrintable(run.err));
    QCOMPARE(fileBytes(path("resumed.csv")), fileBytes(path("grid.csv")));
    QCOMPARE(fileBytes(path("resumed.json")), fileBytes(path("grid.json")));
    QCOMPARE(QDir(work + "/jobs").entryList({"*.pt"}).size(), 4);  // every job's model
    const auto other = runCli(budgetArguments() + QStringList{"--work-dir", work, "--out", path("other.csv")});
    QCOMPARE(other.exitCode, 1);
    QVERIFY2(other.err.contains("holds another sweep"), qPrintable(other.err));
  }
};

QTEST_GUILESS_MAIN(TestSweepShards)
#include "tst_sweep_shards.moc"
