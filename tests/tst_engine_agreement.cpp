// SPDX-License-Identifier: GPL-3.0-or-later
// One engine behind every front end. The GUI's lab and gaplab-cli train the
// same bits from the same spec, even while other threads load checkpoints,
// build models and evaluate attacks (as the live loop and the position maps
// do during a training in the GUI); and one model at one placement has one
// ASR, whether the grid runner, gaplab-cli sweep or the GUI's live loop asks.
// Runs the real gaplab-cli (GAPLAB_CLI, set by CTest) on small real subsets.
#include <QProcess>

#include <atomic>
#include <cmath>
#include <thread>

#include "gaplab/atomic_file.h"
#include "gaplab/checkpoint.h"
#include "gaplab/experiment.h"
#include "gaplab/grid.h"
#include "lab.h"
#include "test_support.h"

using namespace gaplab;

namespace {

ExperimentSpec smallSpec(const std::string& preset) {
  auto spec = presetSpec(preset);
  spec.training.epochs = 2;
  spec.training.patience = 0;
  if (spec.modality == Modality::Image) {
    spec.limitTrain = 1200;
    spec.limitTest = 200;
  } else if (spec.modality == Modality::Text) {
    spec.limitTrain = 1500;
    spec.limitTest = 300;
    spec.poisonCount = 100;  // of the 1,200 training reviews
  } else {
    spec.limitTrain = 600;
    spec.limitTest = 100;
  }
  return spec;
}

std::uint64_t fingerprintOf(const std::string& checkpoint) {
  if (checkpointModality(checkpoint) == "text") return loadTextCheckpoint(checkpoint).model.weightsFingerprint();
  return loadCheckpoint(checkpoint).model.weightsFingerprint();
}

// Runs gaplab-cli; returns its stderr when it fails.
QString runCli(const QStringList& arguments) {
  QProcess process;
  process.start(qEnvironmentVariable("GAPLAB_CLI"), arguments);
  if (!process.waitForFinished(280000)) return "gaplab-cli did not finish";
  if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
    return QString::fromUtf8(process.readAllStandardError());
  return {};
}

QString trainWithCli(const std::string& specFile, const std::string& checkpoint, Head head) {
  return runCli({"train", "--spec", QString::fromStdString(specFile), "--head", QString::fromStdString(toString(head)),
                 "--checkpoint", QString::fromStdString(checkpoint)});
}

// The first data row's `column` of a CSV file.
double firstRowValue(const QString& path, const QString& column) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return -1;
  const auto lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
  if (lines.size() < 2) return -1;
  const int index = int(lines[0].split(',').indexOf(column));
  return index < 0 ? -1 : lines[1].split(',').value(index).toDouble();
}

}  // namespace

class TestEngineAgreement : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() { QVERIFY2(QFile::exists(qEnvironmentVariable("GAPLAB_CLI")), "GAPLAB_CLI not set"); }

  void guiLabTrainsTheCliBits_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<int>("head");
    QTest::newRow("image, GAP") << "lecture-image" << int(Head::Gap);
    QTest::newRow("sound, FC") << "lecture-sound" << int(Head::Fc);
    QTest::newRow("text, GAP (dropout)") << "lecture-text" << int(Head::Gap);
  }
  void guiLabTrainsTheCliBits() {
    QFETCH(QString, preset);
    QFETCH(int, head);
    const auto spec = smallSpec(preset.toStdString());
    const Head trainedHead = static_cast<Head>(head);
    QTemporaryDir dir;
    const auto specFile = test::pathIn(dir, "spec.json");
    writeFileAtomically(specFile, specToJson(spec));
    const auto cliCheckpoint = test::pathIn(dir, "cli.pt");
    const QString cliError = trainWithCli(specFile, cliCheckpoint, trainedHead);
    QVERIFY2(cliError.isEmpty(), qPrintable(cliError));

    const auto lab = app::Lab::open(spec);
    // The disturbance the GUI makes while a model trains: a worker loads a
    // checkpoint, builds models and evaluates attacks at moving placements.
    std::atomic<bool> trainingDone{false};
    std::atomic<int> disturbances{0};
    std::thread disturber([&] {
      while (!trainingDone) {
        auto session = lab->session(cliCheckpoint, spec);
        const auto placements = session->placements(4);
        session->attack(0, 16, placements[static_cast<std::size_t>(disturbances) % placements.size()]);
        ++disturbances;
      }
    });
    app::LabModelInfo info;
    try {
      info = lab->train(trainedHead, test::pathIn(dir, "cache"), {}, nullptr);
    } catch (...) {
      trainingDone = true;
      disturber.join();
      throw;
    }
    trainingDone = true;
    disturber.join();
    QVERIFY(!info.fromCache);
    qInfo("%d disturbances", int(disturbances));
    QVERIFY2(disturbances >= 2, qPrintable(QString::number(disturbances)));  // the training did run alongside
    QCOMPARE(fingerprintOf(info.checkpoint), fingerprintOf(cliCheckpoint));
  }

  // The trigger at the start of the input (image: upper-left, sound: onset 0,
  // text: before the first token), through one trained model.
  void onePlacementOneAsr_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("placement");
    QTest::newRow("image") << "lecture-image" << "upper-left";
    QTest::newRow("sound") << "lecture-sound" << "start";
    QTest::newRow("text") << "lecture-text" << "start";
  }
  void onePlacementOneAsr() {
    QFETCH(QString, preset);
    QFETCH(QString, placement);
    auto spec = smallSpec(preset.toStdString());
    spec.heads = {Head::Gap};
    spec.trainPositions = {placement.toStdString()};
    spec.testPositions = {placement.toStdString()};
    spec.training.epochs = 4;  // long enough for the backdoor to fire
    QTemporaryDir dir;

    // The grid runner trains the model and tests it at the placement ...
    GridSweep grid(spec);
    QCOMPARE(grid.jobCount(), 1);
    const auto gridRows = grid.runJob(*Experiment::open(spec), 0, {}, {}, nullptr);
    QCOMPARE(gridRows.size(), std::size_t(1));
    const double gridAsr = gridRows.front().asr;

    // ... the GUI's lab trains the same model (rep 0) and its live loop's
    // session counts the whole attack pool ...
    const auto lab = app::Lab::open(spec);
    const auto info = lab->train(Head::Gap, test::pathIn(dir, "cache"), {}, nullptr);
    QCOMPARE(info.asrAtTrainPosition, gridAsr);
    auto session = lab->session(info.checkpoint, spec);
    const auto metrics = session->attack(0, session->poolSize(), Placement{0, 0});
    QCOMPARE(metrics.asr(), gridAsr);

    // ... and gaplab-cli sweep of that checkpoint says the same.
    const QString out = dir.filePath("sweep.csv");
    const QString sweepError = runCli(QStringList{"sweep", "--checkpoint", QString::fromStdString(info.checkpoint),
                                                  "--out", out, "--stride", "1000"});
    QVERIFY2(sweepError.isEmpty(), qPrintable(sweepError));
    QVERIFY2(std::abs(firstRowValue(out, "asr") - gridAsr) < 1e-5,  // the CSV prints 6 digits
             qPrintable(QString("sweep %1, grid %2").arg(firstRowValue(out, "asr")).arg(gridAsr)));
    QVERIFY(gridAsr > 0);  // the comparison could fail: the backdoor fires
  }
};

QTEST_GUILESS_MAIN(TestEngineAgreement)
#include "tst_engine_agreement.moc"
