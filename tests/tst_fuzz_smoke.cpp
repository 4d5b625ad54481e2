// SPDX-License-Identifier: GPL-3.0-or-later
// A few seconds of every fuzz target: the seed corpus and mutations of it
// through each parser, without libFuzzer (fuzz/run.sh does the real runs).
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestFuzzSmoke : public QObject {
  Q_OBJECT
  QTemporaryDir seeds_;

private Q_SLOTS:
  void initTestCase() {
    QProcess make;
    make.start(qEnvironmentVariable("GAPLAB_FUZZ_DIR") + "/gaplab-make-seeds", {seeds_.path()});
    QVERIFY(make.waitForFinished(120000));
    QVERIFY2(make.exitCode() == 0, make.readAllStandardError().constData());
  }

  void targetSurvivesMutatedSeeds_data() {
    QTest::addColumn<QString>("target");
    for (const QString& target : qEnvironmentVariable("GAPLAB_FUZZ_TARGETS").split(','))
      QTest::newRow(qPrintable(target)) << target;
  }

  void targetSurvivesMutatedSeeds() {
    QFETCH(QString, target);
    const QString corpus = QDir(seeds_.path()).filePath(target);
    QVERIFY2(!QDir(corpus).entryList(QDir::Files).isEmpty(), qPrintable(corpus + " has no seeds"));
    QProcess replay;
    replay.setProcessChannelMode(QProcess::MergedChannels);
    replay.start(qEnvironmentVariable("GAPLAB_FUZZ_DIR") + "/replay_" + target, {"2", corpus});
    QVERIFY(replay.waitForFinished(120000));
    const QString output = QString::fromUtf8(replay.readAll());
    QVERIFY2(replay.exitStatus() == QProcess::NormalExit && replay.exitCode() == 0, qPrintable(output.right(2000)));
    QVERIFY2(output.contains("no crash"), qPrintable(output.right(2000)));
  }
};

QTEST_GUILESS_MAIN(TestFuzzSmoke)
#include "tst_fuzz_smoke.moc"
