// SPDX-License-Identifier: GPL-3.0-or-later
// The defences: their arithmetic by hand; on a real lecture image model with
// a small trigger, Neural Cleanse finds and flags it where it is, STRIP
// catches it at its training position and Activation Clustering finds the
// poison; sound and text run every method end to end; gaplab-cli detect and
// detect-grid write what they promise.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "cli_runner.h"
#include "gaplab/defences.h"
#include "gaplab/detect_grid.h"
#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "test_support.h"

using namespace gaplab;
using gaplab::test::runCli;

namespace {

// Fashion-MNIST with a side x side trigger at the lower right (a white
// square, or a checkerboard whose top-left cell is white) on `poison` of the
// 6,400 training images, the lecture CNN with a GAP head.
ExperimentSpec smallTriggerSpec(int side, int target, int poison = 320, const std::string& pattern = "solid") {
  auto spec = presetSpec("lecture-image");
  spec.target = target;
  spec.heads = {Head::Gap};
  spec.trainPositions = {"lower-right"};
  spec.testPositions = {"lower-right", "upper-left"};
  spec.trigger.height = side;
  spec.trigger.width = side;
  spec.trigger.pattern = pattern;
  spec.trigger.value = 1.0f;
  spec.training.threads = 2;
  spec.poisonCount = poison;
  return spec;
}

QJsonObject jsonFile(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(file.readAll()).object();
}

}  // namespace

// The 3x3 checkerboard's target class for Neural Cleanse (see neuralCleanseFindsTheSmallTrigger).
constexpr int kNcTarget = 9;
// Activation Clustering's model: 2.5% of the training images poisoned, a
// fifth of the target label: a cluster of its own, and a small one (at 10%
// the poison is half the label and AC, which flags the smaller cluster when
// it holds under 35%, rightly finds nothing).
constexpr int kAcPoison = 160;

class TestDefences : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::unique_ptr<Experiment> image_, image4_, imageAc_;
  std::string poisoned_, clean_, poisoned4_, poisonedAc_;

private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    image_ = Experiment::open(smallTriggerSpec(3, kNcTarget, 320, "checkerboard"));
    image4_ = Experiment::open(smallTriggerSpec(4, 7));
    poisoned_ = (dir_.path() + "/poisoned.pt").toStdString();
    poisoned4_ = (dir_.path() + "/poisoned4.pt").toStdString();
    clean_ = (dir_.path() + "/clean.pt").toStdString();
    trainAndSave(*image_, Head::Gap, "lower-right", 0, poisoned_);
    trainAndSave(*image4_, Head::Gap, "lower-right", 0, poisoned4_);
    imageAc_ = Experiment::open(smallTriggerSpec(4, 7, kAcPoison));
    poisonedAc_ = (dir_.path() + "/poisoned-ac.pt").toStdString();
    trainAndSave(*imageAc_, Head::Gap, "lower-right", 0, poisonedAc_);
    auto cleanSpec = smallTriggerSpec(3, kNcTarget, 320, "checkerboard");
    cleanSpec.poisonCount = 0;
    trainAndSave(*Experiment::open(cleanSpec), Head::Gap, "lower-right", 0, clean_);
  }

  // numpy's median (mean of the two middle values) and the official MAD test.
  void madAnomalyIndexByHand() {
    QCOMPARE(numpyMedian({3, 1, 2}), 2.0);
    QCOMPARE(numpyMedian({4, 1, 3, 2}), 2.5);  // torch.median would say 2
    // Norms 1, 10, 11, 12, 13, 14: median 11.5; deviations 10.5, 1.5, 0.5, 0.5, 1.5, 2.5
    // -> their median 1.5, MAD = 1.4826 x 1.5 = 2.2239; class 0: (1 - 11.5) / 2.2239 = -4.7214.
    const auto m = madOutliers({10, 1, 11, 12, 13, 14});
    QCOMPARE(m.median, 11.5);
    QVERIFY(std::abs(m.mad - 2.2239) < 1e-9);
    QVERIFY(std::abs(m.indices[1] + 10.5 / 2.2239) < 1e-9);
    QVERIFY(std::abs(m.anomalyIndex - 10.5 / 2.2239) < 1e-9);
    QCOMPARE(m.flagged, std::vector<int>{1});
    // The lower-median convention (TrojanZoo, BackdoorBench) would take 11 and
    // deviations' lower median 1: index (11 - 1) / 1.4826 = 6.745, not ours.
    QVERIFY(std::abs(m.anomalyIndex - 10.0 / 1.4826) > 1.0);
    // Two classes: the index is always 1 / 1.4826, whatever the norms.
    QVERIFY(std::abs(madOutliers({3, 40}).anomalyIndex - 1 / 1.4826) < 1e-12);
    QVERIFY(madOutliers({3, 40}).flagged.empty());
    // A large norm far above the median is not flagged (only small masks are).
    QVERIFY(madOutliers({10, 11, 12, 13, 100}).flagged.empty());
  }

  // A 4x4 mask against the 2x2 box at (2, 2): the 4 largest cells exactly
  // on the box give 1; six cells tied at 1 (two on the box) all count,
  // wherever they lie: 2 / (6 + 4 - 2).
  void maskIouByHand() {
    CellGrid mask{4, 4, std::vector<float>(16, 0.0f)};
    for (int i : {10, 11, 14, 15}) mask.values[static_cast<std::size_t>(i)] = 0.9f;
    mask.values[0] = 0.5f;
    QCOMPARE(maskIou(mask, 2, 2, 2, 2), 1.0);
    QCOMPARE(maskIou(mask, 1, 1, 2, 2), 1.0 / 7.0);  // one of the box's cells (10) among the 4
    QCOMPARE(maskIou(mask, 0, 0, 2, 2), 0.0);        // cell 0 is in the mask, but not among its 4 largest
    CellGrid tied{4, 4, std::vector<float>(16, 0.0f)};
    for (int i : {0, 1, 2, 3, 10, 15}) tied.values[static_cast<std::size_t>(i)] = 1.0f;
    QCOMPARE(maskIou(tied, 2, 2, 2, 2), 0.25);
    CellGrid reordered{4, 4, std::vector<float>(16, 0.0f)};
    for (int i : {10, 15, 12, 13, 8, 9}) reordered.values[static_cast<std::size_t>(i)] = 1.0f;
    QCOMPARE(maskIou(reordered, 2, 2, 2, 2), 0.25);
    QCOMPARE(maskIou(mask, 0, 0, 5, 5), 0.0);  // a box larger than the mask
  }

  void entropyAndBoundariesByHand() {
    QCOMPARE(entropyBits({0.5f, 0.5f}), 1.0);
    QCOMPARE(entropyBits({1.0f, 0.0f, 0.0f}), 0.0);  // 0 log 0 = 0
    QVERIFY(std::abs(entropyBits({0.25f, 0.25f, 0.25f, 0.25f}) - 2.0) < 1e-12);
    QVERIFY(std::abs(entropyBits({0.7f, 0.2f, 0.1f}) - 1.15677964) < 1e-6);
    QVERIFY(std::abs(inverseNormalCdf(0.01) + 2.3263478740408408) < 1e-10);
    QVERIFY(std::abs(inverseNormalCdf(0.5)) < 1e-12);
    QVERIFY_THROWS_EXCEPTION(Error, inverseNormalCdf(0.0));
    // Entropies 1, 2, 3, 4: mean 2.5, ddof-0 std sqrt(1.25); at FRR 1%:
    // 2.5 - 2.3263478740 x 1.1180339887 = -0.10093599.
    QVERIFY(std::abs(normalBoundary({1, 2, 3, 4}, 0.01) + 0.10093599) < 1e-6);
    // Empirical: sorted[int(n x FRR)]: 10 values at FRR 0.25 -> the third.
    QCOMPARE(empiricalBoundary({9, 1, 8, 2, 7, 3, 6, 4, 5, 10}, 0.25), 3.0f);
    QCOMPARE(parseDefenceMethods("nc,strip,ac,ss").size(), std::size_t{4});
    QVERIFY_THROWS_EXCEPTION(Error, parseDefenceMethods("nc,abs"));
    QVERIFY_THROWS_EXCEPTION(Error, parseDefenceMethods("nc,nc"));
  }

  // With the official settings the target's reversed trigger is the
  // smallest of the ten, well below the median, succeeds and lies on the
  // trigger's white cells; in a model trained without poison the same class
  // is no outlier. The trigger is a 3x3 checkerboard, not a white square: a
  // 2x2 white square competes with Fashion-MNIST's own bright blobs (a "bag"
  // shortcut nearly as small), and whether NC then found it, and flagged it,
  // changed with the CPU's rounding (docs/testing.md gives what was seen
  // under each instruction-set cap). Here the target's index lay between
  // -2.5 and -4.1 under every cap; the test holds it to -1.5. The target is
  // "ankle boot": with the preset's "sneaker" the lecture model also answers
  // to a few bright pixels at the upper right.
  void neuralCleanseFindsTheSmallTrigger() {
    const DefenceSettings settings;
    const auto report = runDefence(*image_, poisoned_, DefenceMethod::NeuralCleanse, settings);
    QVERIFY(report.nc);
    QCOMPARE(int(report.nc->classes.size()), 10);
    const auto& target = report.nc->classes[kNcTarget];
    QString norms;
    int rank = 0;
    for (const auto& c : report.nc->classes) {
      norms += QString(" %1:%2").arg(c.cls).arg(c.maskL1, 0, 'f', 1);
      rank += c.maskL1 < target.maskL1;
    }
    qInfo("anomaly index %.2f, target's %.2f, flagged first: %d; mask L1 by class:%s", report.nc->anomalyIndex,
          target.anomalyIndex, report.flagged.empty() ? -1 : report.flagged.front(), qPrintable(norms));
    QVERIFY2(rank == 0, qPrintable(QString("the target's mask ranks %1 by size").arg(rank + 1)));
    QVERIFY2(target.anomalyIndex <= -1.5, qPrintable(QString("target index %1").arg(target.anomalyIndex)));
    QVERIFY(target.reachedThreshold);
    QVERIFY(target.reversedAsr >= 0.9);
    // The checkerboard's white cells ((row + col) even from its corner at
    // 25, 25) are what the trigger adds; its black cells add nothing, so the
    // mask need not hold them. At least 4 of the 5 are in the mask (above
    // 0.5), and most of the mask's cells lie in the trigger's 3x3 box.
    int covered = 0, inBox = 0, inMask = 0;
    for (int row = 0; row < 28; ++row)
      for (int col = 0; col < 28; ++col) {
        const bool on = target.mask.values[static_cast<std::size_t>(row * 28 + col)] > 0.5f;
        const bool box = row >= 25 && col >= 25;
        inMask += on;
        inBox += on && box;
        covered += on && box && (row + col) % 2 == 0;
      }
    const double offCentre = std::hypot(target.centreRow - 26, target.centreCol - 26);
    qInfo("target mask: L1 %.1f, %d of 5 white cells, %d of its %d cells in the box, centre of mass %.1f px off",
          target.maskL1, covered, inBox, inMask, offCentre);
    QVERIFY2(covered >= 4, qPrintable("the mask holds " + QString::number(covered) + " of the 5 white cells"));
    QVERIFY2(3 * inBox >= 2 * inMask, qPrintable(QString("%1 of the mask's %2 cells in the box").arg(inBox).arg(inMask)));
    // Moved with the trigger: at its training position the reversed trigger is as it was optimised.
    QCOMPARE(target.asrByPosition.front().first, std::string("lower-right"));
    QCOMPARE(target.asrByPosition.front().second, target.reversedAsr);

    // Without poison the same class's mask is not an outlier. (The model's own
    // index is no guide here: the clean lecture model's smallest mask, a
    // natural "bag" or "shirt" shortcut of Fashion-MNIST, lies further below
    // the median than the poisoned model's target; the run prints both.)
    const auto clean = runDefence(*image_, clean_, DefenceMethod::NeuralCleanse, settings);
    const double poisonedTarget = -target.anomalyIndex, cleanTarget = -clean.nc->classes[kNcTarget].anomalyIndex;
    QVERIFY2(poisonedTarget > cleanTarget + 2,
             qPrintable(QString("target class index: poisoned %1, clean %2").arg(poisonedTarget).arg(cleanTarget)));
    QString cleanFlagged;
    for (int c : clean.flagged) cleanFlagged += QString::fromStdString(clean.classNames[static_cast<std::size_t>(c)]) + " ";
    qInfo("target class index: poisoned %.2f, clean %.2f; model index: poisoned %.2f, clean %.2f; the clean model "
          "flags: %s(false positives are real)",
          poisonedTarget, cleanTarget, report.nc->anomalyIndex, clean.nc->anomalyIndex,
          cleanFlagged.isEmpty() ? "nothing " : qPrintable(cleanFlagged));
  }

  void stripCatchesTheTriggerWhereItWasTrained() {
    DefenceSettings settings;
    settings.strip.inputs = 400;
    const auto report = runDefence(*image4_, poisoned4_, DefenceMethod::Strip, settings);
    QVERIFY(report.strip);
    const auto& s = *report.strip;
    QCOMPARE(int(s.cleanEntropies.size()), 400);
    QCOMPARE(s.boundaryUsed, std::string("normal"));
    QCOMPARE(s.boundaryNormal, normalBoundary(s.cleanEntropies, 0.01));
    QCOMPARE(int(s.positions.size()), 2);  // the training position, then the other test position
    QCOMPARE(s.positions[0].placement, std::string("lower-right"));
    QVERIFY2(s.positions[0].farNormal <= 0.05, qPrintable("FAR " + QString::number(s.positions[0].farNormal)));
    // Same seed, same entropies.
    settings.strip.inputs = 40;
    const auto again = runDefence(*image4_, poisoned4_, DefenceMethod::Strip, settings);
    const auto first = std::vector<float>(s.positions[1].entropies.begin(), s.positions[1].entropies.begin() + 40);
    QCOMPARE(again.strip->positions[1].entropies, first);
  }

  void activationClusteringFindsThePoison() {
    const auto ac = runDefence(*imageAc_, poisonedAc_, DefenceMethod::ActivationClustering, {});
    QCOMPARE(ac.poison->poisonedCount, kAcPoison);
    qInfo("AC: recall %.3f, precision %.3f", ac.poison->recall, ac.poison->precision);
    // Recall 0.79 natively, 0.69 and 0.55 under the AVX2 and baseline caps:
    // AC's k-means split moves with the rounding more than any other method's.
    QVERIFY2(ac.poison->recall >= 0.4, qPrintable(QString("AC recall %1").arg(ac.poison->recall)));
  }

  void spectralSignaturesFindThePoison() {
    const auto ss = runDefence(*image4_, poisoned4_, DefenceMethod::SpectralSignatures, {});
    QCOMPARE(ss.poison->poisonedCount, 320);
    qInfo("SS: recall %.3f, precision %.3f", ss.poison->recall, ss.poison->precision);
    QVERIFY2(ss.poison->recall >= 0.6, qPrintable(QString("SS recall %1").arg(ss.poison->recall)));
    // SS removes round(1.5 eps n) of each label, eps = 320 / the target label's size.
    const auto& target = ss.poison->labels[7];
    QCOMPARE(target.flagged, int(std::llround(1.5 * 320.0 / target.size * target.size)));
  }

  // Sound and text: every method end to end on a small model with a backdoor
  // it has learned, and what each method must make of it: Neural Cleanse's
  // two steps already reverse a working trigger for the text target; STRIP
  // catches the sound trigger where it was trained; Spectral Signatures finds
  // most of the sound poison.
  void soundAndTextRunEveryMethod_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<int>("rows");  // the mask grid's rows
    QTest::addColumn<int>("cols");
    QTest::newRow("sound") << "lecture-sound" << 101 << 40;
    QTest::newRow("text") << "lecture-text" << 250 << 1;
  }
  void soundAndTextRunEveryMethod() {
    QFETCH(QString, preset);
    QFETCH(int, rows);
    QFETCH(int, cols);
    auto spec = presetSpec(preset.toStdString());
    spec.heads = {Head::Gap};
    const bool sound = preset == "lecture-sound";
    spec.limitTrain = sound ? 400 : 4000;
    spec.limitTest = 80;
    spec.poisonCount = sound ? 40 : 160;
    spec.poisonValidationCount = 0;
    spec.training.epochs = sound ? 3 : 6;
    spec.training.threads = 2;
    const auto experiment = Experiment::open(spec);
    const auto checkpoint = (dir_.path() + "/" + preset + ".pt").toStdString();
    trainAndSave(*experiment, Head::Gap, "start", 0, checkpoint);
    DefenceSettings settings;
    settings.nc.steps = 2;
    settings.nc.samples = 32;
    settings.strip.overlays = 8;
    settings.strip.inputs = 20;
    const int classes = int(experiment->classNames().size());

    const auto nc = runDefence(*experiment, checkpoint, DefenceMethod::NeuralCleanse, settings);
    QCOMPARE(int(nc.nc->classes.size()), classes);
    // Two steps reverse a working trigger for the text target; the sound
    // model has a class that answers to almost anything, so its reversed ASR
    // says little there.
    const double targetAsr = nc.nc->classes[static_cast<std::size_t>(spec.target)].reversedAsr;
    if (!sound) QVERIFY2(targetAsr >= 0.9, qPrintable(QString("reversed ASR of the target %1").arg(targetAsr)));
    QCOMPARE(nc.nc->madApplies, classes >= 3);
    for (const auto& c : nc.nc->classes) {
      QCOMPARE(c.mask.rows, rows);
      QCOMPARE(c.mask.cols, cols);
      QCOMPARE(c.steps, 2);
      QVERIFY(c.maskL1 > 0 && c.maskL1 <= rows * cols);
    }
    const auto strip = runDefence(*experiment, checkpoint, DefenceMethod::Strip, settings);
    QCOMPARE(strip.strip->boundaryUsed, std::string("empirical"));
    QCOMPARE(int(strip.strip->cleanEntropies.size()), 20);
    QCOMPARE(int(strip.strip->positions.size()), int(spec.testPositions.size()));  // start is one of them
    qInfo("STRIP clean mean %.3f", strip.strip->cleanMean);
    for (const auto& p : strip.strip->positions) {
      double mean = 0;
      for (float h : p.entropies) mean += h / p.entropies.size();
      qInfo("STRIP %s: FAR %.2f, attack success %.2f, mean entropy %.3f", p.placement.c_str(), p.farEmpirical,
            p.attackSuccess, mean);
      QCOMPARE(int(p.entropies.size()), 20);
      // The backdoor works where it was trained; STRIP catches the sound
      // trigger there (FAR 0 of 20 under every cap tried); STRIP-ViTA's word
      // replacement does not catch the text trigger at this size.
      if (p.placement == "start") QVERIFY2(p.attackSuccess >= 0.8, qPrintable(QString("ASR %1").arg(p.attackSuccess)));
      if (sound && p.placement == "start") QVERIFY2(p.farEmpirical <= 0.25, qPrintable(QString("FAR %1").arg(p.farEmpirical)));
      for (float h : p.entropies) QVERIFY(h >= 0 && h <= std::log2(double(classes)) + 1e-6);
    }
    // The defences attack the trigger the checkpoint was poisoned with: an
    // experiment whose trigger has changed since gives the same report.
    auto changed = spec;
    if (sound) changed.sound.trigger.frequency = 440;
    else changed.text.words = {"zqx"};
    const auto again = runDefence(*Experiment::open(changed), checkpoint, DefenceMethod::Strip, settings);
    QCOMPARE(again.strip->positions.size(), strip.strip->positions.size());
    for (std::size_t i = 0; i < strip.strip->positions.size(); ++i) {
      QCOMPARE(again.strip->positions[i].entropies, strip.strip->positions[i].entropies);
      QCOMPARE(again.strip->positions[i].attackSuccess, strip.strip->positions[i].attackSuccess);
    }
    for (auto method : {DefenceMethod::ActivationClustering, DefenceMethod::SpectralSignatures}) {
      const auto report = runDefence(*experiment, checkpoint, method, settings);
      QCOMPARE(report.poison->poisonedCount, spec.poisonCount);
      qInfo("%s: recall %.3f, precision %.3f", defenceMethodName(method).c_str(), report.poison->recall,
            report.poison->precision);
      if (sound && method == DefenceMethod::SpectralSignatures)
        QVERIFY2(report.poison->recall >= 0.5, qPrintable(QString("SS recall %1").arg(report.poison->recall)));
      const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(defenceReportJson(report))).object();
      QCOMPARE(json["method"].toString(), QString::fromStdString(defenceMethodName(method)));
      QCOMPARE(json["poison"].toObject()["poisoned"].toInt(), spec.poisonCount);
    }
  }

  // detect writes report.json (the documented keys), masks and histograms;
  // detect-grid one row per (model, method, test position).
  void cliDetectAndDetectGrid() {
    if (!QFile::exists(qEnvironmentVariable("GAPLAB_CLI"))) QSKIP("GAPLAB_CLI not set");
    const auto out = dir_.path() + "/detect-strip";
    auto run = runCli({"detect", "--checkpoint", QString::fromStdString(poisoned_), "--method", "strip", "--overlays",
                       "10", "--inputs", "30", "--test-pos", "lower-right,middle", "--out-dir", out});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto report = jsonFile(out + "/report.json");
    for (const char* key : {"method", "target", "flagged", "classes", "strip", "poison", "seconds"})
      QVERIFY2(report.contains(key), key);
    const auto strip = report["strip"].toObject();
    QCOMPARE(strip["far_by_position"].toObject().keys(), (QStringList{"lower-right", "middle"}));
    QVERIFY(strip.contains("boundary_normal") && strip.contains("boundary_empirical"));
    QVERIFY(QFile::exists(out + "/strip-histogram.csv"));

    const auto ncOut = dir_.path() + "/detect-nc";
    run = runCli({"detect", "--checkpoint", QString::fromStdString(poisoned_), "--method", "nc", "--steps", "1",
                  "--nc-samples", "64", "--out-dir", ncOut});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto classes = jsonFile(ncOut + "/report.json")["classes"].toArray();
    QCOMPARE(classes.size(), 10);
    for (const char* key : {"class", "mask_l1", "anomaly_index", "reversed_asr"})
      QVERIFY2(classes[7].toObject().contains(key), key);
    QVERIFY(QFile::exists(ncOut + "/masks/class-7-mask.png"));
    QCOMPARE(QImage(ncOut + "/masks/class-7-mask.png").isNull(), false);

    run = runCli({"detect", "--checkpoint", QString::fromStdString(poisoned_), "--method", "abs", "--out-dir", out});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--method: unknown defence 'abs'"), qPrintable(run.err));

    const auto csv = dir_.path() + "/detect-grid.csv";
    run = runCli({"detect-grid", "--preset", "lecture-image", "--heads", "fc,gap", "--train-pos", "lower-right",
                  "--test-pos", "lower-right,middle", "--limit-train", "600", "--limit-test", "100", "--epochs", "1",
                  "--poison", "60", "--methods", "strip,ss", "--overlays", "5", "--inputs", "10", "--out", csv});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto rows = detectCsvTable().parse(gaplab::test::fileBytes(csv).toStdString(), "detect-grid.csv");
    QCOMPARE(int(rows.size()), 2 * (2 + 1));  // two models x (STRIP at two positions + SS)
    QCOMPARE(rows[0].method, std::string("strip"));
    QCOMPARE(rows[0].posTest, std::string("lower-right"));
    QVERIFY(rows[0].far && rows[0].frr && !rows[0].anomalyIndex);
    QCOMPARE(rows[2].method, std::string("ss"));
    QVERIFY(rows[2].poisonRecall && rows[2].posTest.empty());
    QVERIFY(QFile::exists(dir_.path() + "/detect-grid.json"));
  }
};

QTEST_GUILESS_MAIN(TestDefences)
#include "tst_defences.moc"
