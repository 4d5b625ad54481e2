// The GUI's lab and gaplab-cli train the same bits from the same spec, even
// while other threads load checkpoints, build models and evaluate attacks (as
// the live loop and the position maps do during a training in the GUI). Runs
// the real gaplab-cli (GAPLAB_CLI, set by CTest) on small real subsets.
#include <QProcess>

#include <atomic>
#include <thread>

#include "gaplab/atomic_file.h"
#include "gaplab/checkpoint.h"
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

// Runs gaplab-cli train; returns its stderr when it fails.
QString trainWithCli(const std::string& specFile, const std::string& checkpoint, Head head) {
  QProcess process;
  process.start(qEnvironmentVariable("GAPLAB_CLI"),
                {"train", "--spec", QString::fromStdString(specFile), "--head", QString::fromStdString(toString(head)),
                 "--checkpoint", QString::fromStdString(checkpoint)});
  if (!process.waitForFinished(280000)) return "gaplab-cli did not finish";
  if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
    return QString::fromUtf8(process.readAllStandardError());
  return {};
}

}  // namespace

class TestReproducibleTraining : public QObject {
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
};

QTEST_GUILESS_MAIN(TestReproducibleTraining)
#include "tst_reproducible_training.moc"
