// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the real gaplab-cli (path from the GAPLAB_CLI environment variable set by CTest).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>

#include "gaplab/audio.h"
#include "cli_runner.h"
#include "test_support.h"

namespace {

using Run = gaplab::test::CliRun;
using gaplab::test::runCli;

QList<QStringList> readCsv(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  QList<QStringList> rows;
  for (const auto& line : QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts)) rows.append(line.split(','));
  return rows;
}

// The sweep CSV's columns as `gaplab-cli sweep --help` states them.
QString sweepHeaderInHelp() {
  const auto help = runCli({"sweep", "--help"}).out;
  const auto match = QRegularExpression("CSV: (\\S+)").match(help);
  return match.hasMatch() ? match.captured(1) : QString("no 'CSV: ...' in: ") + help;
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() { QVERIFY2(QFile::exists(qEnvironmentVariable("GAPLAB_CLI")), "GAPLAB_CLI not set"); }

  void tinyGridWritesTheDocumentedCsv() {
    QTemporaryDir dir;
    const auto out = dir.filePath("grid.csv");
    const auto run = runCli({"grid", "--preset", "lecture-image", "--heads", "fc,gap", "--train-pos",
                             "upper-left,lower-right", "--test-pos", "upper-left,middle,lower-right", "--limit-train",
                             "1000", "--limit-test", "200", "--epochs", "6", "--patience", "0", "--poison", "30", "--threads", "2", "--out",
                             out, "--predictions", dir.filePath("predictions.csv")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto rows = readCsv(out);
    QCOMPARE(rows.size(), 1 + 2 * 2 * 3);
    QCOMPARE(rows[0], (QStringList{"modality", "dataset", "model", "head", "pos_train", "pos_test", "n_poison",
                                   "poison_pct", "rep", "seed", "epochs", "clean_acc", "asr", "r_acc", "n_eval",
                                   "n_truncated"}));
    int testedAtTrainPosition = 0;
    for (int i = 1; i < rows.size(); ++i) {
      const auto& r = rows[i];
      QCOMPARE(r.size(), 16);
      QCOMPARE(r[15], QString("0"));  // images are never truncated
      QCOMPARE(r[0], QString("image"));
      QCOMPARE(r[1], QString("fashion-mnist"));
      QCOMPARE(r[2], QString("lecture"));
      QVERIFY(r[3] == "fc" || r[3] == "gap");
      QCOMPARE(r[6], QString("30"));
      QCOMPARE(r[7].toDouble(), 30.0 / 800.0 * 100.0);  // 1,000 images, 20% held out
      QCOMPARE(r[10], QString("6"));
      for (int column : {11, 12, 13}) QVERIFY(r[column].toDouble() >= 0.0 && r[column].toDouble() <= 1.0);
      QVERIFY2(r[11].toDouble() > 0.5, qPrintable(r[11]));  // 6 epochs on 800 images beat chance (10%)
      QVERIFY(r[14].toInt() > 150 && r[14].toInt() < 200);  // test images outside the target class
      testedAtTrainPosition += r[4] == r[5];
    }
    QCOMPARE(testedAtTrainPosition, 4);
    QFile summary(dir.filePath("grid.json"));
    QVERIFY(summary.open(QIODevice::ReadOnly));
    const auto json = QJsonDocument::fromJson(summary.readAll()).object();
    QCOMPARE(json["cells"].toArray().size(), 12);
    QCOMPARE(json["spec"].toObject()["preset"].toString(), QString("lecture-image"));
    QVERIFY(run.out.contains("ASR %"));

    // Every metric can be recomputed from the per-sample predictions.
    const auto predictions = readCsv(dir.filePath("predictions.csv"));
    QCOMPARE(predictions[0], (QStringList{"head", "pos_train", "rep", "pos_test", "sample", "label", "prediction"}));
    QHash<QString, QPair<int, int>> hitsAndCounts;  // key: head/pos_train/pos_test
    int cleanRows = 0;
    for (int i = 1; i < predictions.size(); ++i) {
      const auto& p = predictions[i];
      if (p[3] == "clean") {
        ++cleanRows;
        continue;
      }
      QVERIFY(p[5] != "7");  // the attack pool excludes the target class
      auto& hc = hitsAndCounts[p[0] + "/" + p[1] + "/" + p[3]];
      hc.first += p[6] == "7";
      ++hc.second;
    }
    QCOMPARE(cleanRows, 4 * 200);
    for (int i = 1; i < rows.size(); ++i) {
      const auto& hc = hitsAndCounts.value(rows[i][3] + "/" + rows[i][4] + "/" + rows[i][5]);
      QCOMPARE(hc.second, rows[i][14].toInt());
      QVERIFY(std::abs(double(hc.first) / hc.second - rows[i][12].toDouble()) < 1e-6);
    }
  }

  // budget: a row per head x regime x level x rep with the documented
  // columns, a level as a count and as a percentage, the summary's
  // threshold per head and regime, and the figure with its CSV.
  void tinyBudgetWritesRowsSummaryAndFigure() {
    QTemporaryDir dir;
    const auto out = dir.filePath("budget.csv");
    const auto figure = dir.filePath("budget.svg");
    const auto run = runCli({"budget", "--preset", "lecture-image", "--heads", "fc", "--reps", "2", "--limit-train",
                             "1000", "--limit-test", "100", "--epochs", "1", "--poison", "16,5%", "--regimes",
                             "fixed,random-pattern", "--stride", "10", "--threads", "2", "--drop-failed", "--out", out,
                             "--figure", figure});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto rows = readCsv(out);
    QCOMPARE(rows.size(), 1 + 1 * 2 * 2 * 2);
    QCOMPARE(rows[0], (QStringList{"modality", "dataset", "model", "head", "regime", "n_poison", "poison_pct", "rep",
                                   "seed", "epochs", "clean_acc", "asr_train_pos", "asr_mean", "asr_min", "asr_p10",
                                   "coverage_90", "n_positions"}));
    // 800 training images: "16" is 16 and "5%" is 40; a 10-pixel stride over 0..20 is 3 x 3 positions.
    QCOMPARE(rows[1][4], QString("fixed"));
    QCOMPARE(rows[1][5], QString("16"));
    QCOMPARE(rows[3][5], QString("40"));
    QCOMPARE(rows[5][4], QString("random-pattern"));
    for (int i = 1; i < rows.size(); ++i) QCOMPARE(rows[i][16], QString("9"));
    QFile summaryFile(dir.filePath("budget.json"));
    QVERIFY(summaryFile.open(QIODevice::ReadOnly));
    const auto summary = QJsonDocument::fromJson(summaryFile.readAll()).object();
    QCOMPARE(summary["levels"].toArray().size(), 4);
    QCOMPARE(summary["coverage_90_reaches_0.9"].toArray().size(), 2);
    QVERIFY(summary["failed_run_filter"].toObject()["on"].toBool());
    QVERIFY(QFileInfo(figure).size() > 1000);
    // The figure's CSV would be budget.csv, the sweep's own: it goes beside the figure instead.
    QCOMPARE(readCsv(dir.filePath("budget.svg.csv")).size(), 1 + 2 * 2);
    QCOMPARE(readCsv(out)[0][4], QString("regime"));
  }

  void trainThenSweep() {
    QTemporaryDir dir;
    const auto checkpoint = dir.filePath("m.pt");
    auto run = runCli({"train", "--head", "gap", "--train-pos", "middle", "--limit-train", "600", "--limit-test",
                       "100", "--epochs", "1", "--checkpoint", checkpoint});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(QFile::exists(checkpoint + ".json"));
    // The preset's 320 poisoned images are over half of a 600-image subset: said, not refused.
    QVERIFY2(run.err.contains("gaplab-cli: warning: poisoning 320 of "), qPrintable(run.err));
    const auto map = dir.filePath("map.csv");
    run = runCli({"sweep", "--checkpoint", checkpoint, "--stride", "10", "--out", map});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto rows = readCsv(map);
    QCOMPARE(rows.size(), 1 + 3 * 3);  // x and y in {0, 10, 20}
    QCOMPARE(rows[0].join(','), sweepHeaderInHelp());
    QCOMPARE(rows.last().mid(0, 3), (QStringList{"20:20", "20", "20"}));
    for (const auto& row : rows.mid(1)) QCOMPARE(row[5], rows[1][5]);  // every placement: the whole attack pool
    QVERIFY(rows[1][5].toInt() > 0 && rows[1][5].toInt() < 100);     // of 100 test images, the target's left out
  }

  void textTrainThenSweepOverTokenPositions() {
    QTemporaryDir dir;
    const auto checkpoint = dir.filePath("text.pt");
    auto run = runCli({"train", "--preset", "lecture-text", "--head", "gap", "--train-pos", "start", "--limit-train",
                       "2000", "--limit-test", "200", "--poison", "100", "--epochs", "2", "--checkpoint", checkpoint});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(!run.err.contains("warning"), qPrintable(run.err));  // 100 of ~1,600 is no large share
    const auto map = dir.filePath("map.csv");
    run = runCli({"sweep", "--checkpoint", checkpoint, "--stride", "125", "--out", map});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto rows = readCsv(map);
    QCOMPARE(rows.size(), 1 + 3);  // tokens 0, 125, 250
    QCOMPARE(rows[0].join(','), sweepHeaderInHelp());
    QCOMPARE(rows[1].mid(0, 3), (QStringList{"@0", "0", "0"}));
    QCOMPARE(rows[1][5], QString("100"));  // the negative half of 200 balanced test reviews
    QCOMPARE(rows[1][8], QString("0"));
    // A GAP head over embeddings is a bag of words: where the trigger sits inside the
    // 250 tokens does not matter, as long as truncation does not cut it off.
    QCOMPARE(rows[2][3], rows[1][3]);
    QVERIFY(rows[3][8].toInt() > 0);

    // --precision holds for text too: one batch of 64 reviews narrows any
    // ASR's 95% interval to +/- 0.12 at most, so no placement needs the 100.
    run = runCli({"sweep", "--checkpoint", checkpoint, "--stride", "125", "--precision", "0.2", "--out", map});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto sampled = readCsv(map);
    QCOMPARE(sampled.size(), rows.size());
    for (int row = 1; row < sampled.size(); ++row) QCOMPARE(sampled[row][5], QString("64"));
  }

  void renderAudioAddsTheTriggerWhereAsked() {
    QTemporaryDir dir;
    const auto with = dir.filePath("with.wav"), without = dir.filePath("without.wav");
    auto run = runCli({"render-audio", "--preset", "lecture-sound", "--sample", "2", "--position", "end", "--out", with});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    run = runCli({"render-audio", "--preset", "lecture-sound", "--sample", "2", "--without-trigger", "--out", without});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto a = gaplab::readAudio(with.toStdString()), b = gaplab::readAudio(without.toStdString());
    QCOMPARE(a.rate, 16000);
    QCOMPARE(a.samples.size(), std::size_t(16000));
    // Identical up to 16-bit rounding before the trigger (the last 0.15 s); louder inside it.
    float before = 0, inside = 0;
    for (std::size_t t = 0; t < 13600; ++t) before = std::max(before, std::abs(a.samples[t] - b.samples[t]));
    for (std::size_t t = 13600; t < 16000; ++t) inside = std::max(inside, std::abs(a.samples[t] - b.samples[t]));
    QVERIFY2(before < 1e-3f, qPrintable(QString::number(before)));
    QVERIFY2(inside > 0.25f, qPrintable(QString::number(inside)));  // the -10 dB tone peaks at 0.316
    QCOMPARE(runCli({"render-audio", "--out", with}).exitCode, 1);  // an image preset has no sound
  }

  void soundTrainThenSweepOverOnsets() {
    QTemporaryDir dir;
    const auto checkpoint = dir.filePath("sound.pt");
    auto run = runCli({"train", "--preset", "lecture-sound", "--head", "gap", "--train-pos", "start", "--limit-train",
                       "300", "--limit-test", "60", "--epochs", "1", "--checkpoint", checkpoint});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto map = dir.filePath("onsets.csv");
    run = runCli({"sweep", "--checkpoint", checkpoint, "--stride", "25", "--out", map});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto rows = readCsv(map);
    // Onset frames (hop 160 at 16 kHz: 10 ms) 0, 25, 50, 75 and the last a 0.15 s tone fits, 85.
    QCOMPARE(rows.size(), 1 + 5);
    QCOMPARE(rows[0].join(','), sweepHeaderInHelp());
    QCOMPARE(rows[4].mid(0, 3), (QStringList{"@0.750000", "0", "75"}));
    QCOMPARE(rows[5].mid(0, 3), (QStringList{"@0.850000", "0", "85"}));
  }

  void badUsageExitsWithTwo() {
    const auto run = runCli({"grid", "--heads", "fc"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("--out"));
    QCOMPARE(runCli({"frobnicate"}).exitCode, 2);
  }

  // Runtime errors exit 1 with "gaplab-cli: error: ..."; values the parser
  // itself refuses exit 2 with "gaplab-cli: usage: --flag: ...". One line each.
  void errorsExitWithTheirCodeAndOneLine_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("fragment");
    const QString out = "/tmp/x.csv";
    QTest::newRow("trigger position") << QStringList{"grid", "--test-pos", "30:0", "--out", out} << 1 << "does not fit";
    QTest::newRow("missing spec") << QStringList{"grid", "--spec", "/nonexistent.json", "--out", out} << 1
                                  << "/nonexistent.json";
    QTest::newRow("target class") << QStringList{"grid", "--target", "12", "--out", out} << 1 << "target class 12";
    QTest::newRow("too much poison") << QStringList{"budget", "--poison", "9000", "--out", out} << 1
                                     << "more than the 6400 the training split holds";
    QTest::newRow("unknown preset") << QStringList{"grid", "--preset", "nope", "--out", out} << 2
                                    << "--preset: unknown preset 'nope'";
    QTest::newRow("missing data") << QStringList{"grid", "--dataset", "mnist", "--data-dir", "/nonexistent", "--out", out}
                                  << 2 << "--data-dir: Path does not exist: /nonexistent";
    QTest::newRow("poison level") << QStringList{"budget", "--poison", "1%,two", "--out", out} << 2
                                  << "--poison: bad poison level 'two'";
    QTest::newRow("regime") << QStringList{"budget", "--poison", "1%", "--regimes", "anywhere", "--out", out} << 2
                            << "--regimes: unknown poison regime 'anywhere'";
    QTest::newRow("shard") << QStringList{"grid", "--preset", "lecture-text", "--shard", "5/3", "--out", out} << 2
                           << "--shard: bad shard '5/3'";
  }
  void errorsExitWithTheirCodeAndOneLine() {
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, fragment);
    const auto run = runCli(arguments);
    QCOMPARE(run.exitCode, exitCode);
    const QString prefix = exitCode == 1 ? "gaplab-cli: error: " : "gaplab-cli: usage: ";
    QVERIFY2(run.err.startsWith(prefix) && run.err.contains(fragment), qPrintable(run.err));
    QCOMPARE(run.err.trimmed().count('\n'), 0);
  }

  void presetsAndVersion() {
    const auto run = runCli({"presets"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("paper-image") && run.out.contains("lecture-image"));
    const auto version = runCli({"--version"});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("gaplab-cli "));
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
