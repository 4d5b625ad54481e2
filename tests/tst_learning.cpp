// SPDX-License-Identifier: GPL-3.0-or-later
// Learning on a real Fashion-MNIST subset (the Debian package
// dataset-fashion-mnist, installed by the README's set-up command).
#include <algorithm>
#include <atomic>
#include <cmath>

#include <QElapsedTimer>
#include <thread>

#include "gaplab/evaluation.h"
#include "gaplab/experiment.h"
#include "gaplab/image_experiment.h"
#include "gaplab/grid.h"
#include "gaplab/placement_sweep.h"
#include "test_support.h"

using namespace gaplab;
using namespace gaplab::test;

namespace {

ExperimentSpec smallSpec() {
  auto spec = presetSpec("lecture-image");
  spec.limitTrain = 6000;  // 4,800 train + 1,200 validation
  spec.limitTest = 1000;
  spec.training.epochs = 4;
  spec.training.patience = 0;
  spec.training.threads = 2;
  return spec;
}

}  // namespace

class TestLearning : public QObject {
  Q_OBJECT
  ExperimentSpec spec_ = smallSpec();
  ExperimentData data_;

private Q_SLOTS:
  void initTestCase() { data_ = loadExperimentData(spec_); }

  void cleanLectureModelLearns() {
    auto spec = spec_;
    spec.poisonCount = 0;
    spec.training.epochs = 3;
    const auto trained = trainPoisoned(spec, data_, Head::Gap, "middle", 0);
    QVERIFY2(trained.cleanAccuracy > 0.75, qPrintable(QString::number(trained.cleanAccuracy)));
    QCOMPARE(trained.training.epochsRun, 3);
    QVERIFY(trained.training.history.back().trainLoss < trained.training.history.front().trainLoss);
  }

  void poisonedModelLearnsTheBackdoor() {
    auto spec = spec_;
    spec.poisonCount = 320;  // 6.7% of the training split
    const auto trained = trainPoisoned(spec, data_, Head::Gap, "lower-right", 0);
    QCOMPARE(trained.poisonedIndices.size(), std::size_t(320));
    const auto shape = data_.splits.test.shape();
    const auto position = resolvePosition("lower-right", shape.height, shape.width, {8, 8});
    const auto attack = evaluateAttack(trained.model, data_.splits.test, data_.trigger, position, spec.target);
    QCOMPARE(attack.metrics.evaluated, static_cast<int>(data_.splits.test.indicesWithLabelOtherThan(7).size()));
    QVERIFY2(attack.metrics.asr() >= 0.9, qPrintable(QString::number(attack.metrics.asr())));
    QVERIFY2(trained.cleanAccuracy > 0.75, qPrintable(QString::number(trained.cleanAccuracy)));
  }

  void adaptiveSweepAgreesWithTheExactOneForLessWork() {
    auto spec = spec_;
    spec.poisonCount = 320;
    const auto trained = Experiment::open(spec)->train(Head::Fc, "lower-right", 0);
    auto& session = *trained.model;
    SweepOptions exact;
    auto adaptive = exact;
    adaptive.halfWidth = 0.025;
    const auto grid = session.placements(10);
    const auto all = sweepPlacements(session, grid, exact);
    const auto sampled = sweepPlacements(session, grid, adaptive);
    QCOMPARE(sampled.size(), all.size());
    int saved = 0, covered = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      QCOMPARE(toString(sampled[i].position), toString(all[i].position));
      QCOMPARE(all[i].metrics.evaluated, attackMetrics(data_.splits.test.labels(), data_.splits.test.labels(), 7).evaluated);
      // The sampled ASR is close to the exact one (deterministic: a fixed order) ...
      QVERIFY2(std::abs(sampled[i].metrics.asr() - all[i].metrics.asr()) <= 2 * adaptive.halfWidth,
               qPrintable(QString("%1: exact %2, sampled %3").arg(QString::fromStdString(toString(all[i].position)))
                              .arg(all[i].metrics.asr()).arg(sampled[i].metrics.asr())));
      covered += sampled[i].interval.low <= all[i].metrics.asr() && all[i].metrics.asr() <= sampled[i].interval.high;
      saved += all[i].metrics.evaluated - sampled[i].metrics.evaluated;
    }
    // ... and its 95% interval holds the exact ASR at most positions.
    QVERIFY2(covered * 10 >= static_cast<int>(all.size()) * 8, qPrintable(QString::number(covered)));
    // The FC model's ASR is near 0 away from lower-right: those positions settle early.
    QVERIFY(saved > static_cast<int>(all.size()) * 300);
  }

  void sameSeedSameMetrics() {
    auto spec = spec_;
    spec.training.epochs = 1;
    const auto a = trainPoisoned(spec, data_, Head::Fc, "upper-left", 0);
    const auto b = trainPoisoned(spec, data_, Head::Fc, "upper-left", 0);
    const auto c = trainPoisoned(spec, data_, Head::Fc, "upper-left", 1);
    QCOMPARE(a.cleanAccuracy, b.cleanAccuracy);
    QCOMPARE(a.training.history.front().trainLoss, b.training.history.front().trainLoss);
    QCOMPARE(a.training.history.front().validationLoss, b.training.history.front().validationLoss);
    QCOMPARE(a.model.predict(data_.splits.test), b.model.predict(data_.splits.test));
    QVERIFY(a.training.history.front().trainLoss != c.training.history.front().trainLoss);
  }

  // Early stopping hands back the best epoch's weights: the model as returned
  // is the one the best epoch left (not the last one), and its loss on the
  // validation set, computed here from its probabilities, is the best epoch's.
  void earlyStoppingRestoresTheBestEpoch() {
    const auto& train = data_.splits.train;
    const auto& validation = data_.splits.validation;
    ImageModel model(ModelConfig{Architecture::Lecture, Head::Fc, train.shape(), train.numClasses()}, 1);
    auto training = spec_.training;
    training.epochs = 10;
    training.patience = 2;
    training.lr = 0.05;  // too high on purpose: the validation loss soon gets worse
    std::vector<std::uint64_t> weightsAfterEpoch;
    TrainingCallbacks callbacks;
    callbacks.onEpoch = [&](const EpochReport&) { weightsAfterEpoch.push_back(model.weightsFingerprint()); };
    const auto result = trainModel(model, train, validation, training, callbacks);
    const auto best = static_cast<std::size_t>(result.bestEpoch);
    QVERIFY2(result.bestEpoch >= 0 && result.bestEpoch < result.epochsRun - 1,
             qPrintable(QString("best epoch %1 of %2: the run must get worse after it").arg(result.bestEpoch).arg(result.epochsRun)));
    QVERIFY(result.stoppedEarly);
    QCOMPARE(result.epochsRun, result.bestEpoch + 1 + training.patience);
    QCOMPARE(weightsAfterEpoch.size(), static_cast<std::size_t>(result.epochsRun));
    QCOMPARE(model.weightsFingerprint(), weightsAfterEpoch[best]);
    QVERIFY(model.weightsFingerprint() != weightsAfterEpoch.back());

    double loss = 0;
    for (int i = 0; i < validation.size(); ++i)
      loss -= std::log(double(model.probabilities(validation.image(i))[static_cast<std::size_t>(validation.label(i))]));
    loss /= validation.size();
    QVERIFY2(std::abs(loss - result.bestValidationLoss) <= 1e-4 * std::max(1.0, loss),
             qPrintable(QString("restored model: %1, best epoch recorded: %2").arg(loss).arg(result.bestValidationLoss)));
    QVERIFY(std::abs(loss - result.history.back().validationLoss) > 1e-3);
  }

  // The lecture view's probe: a reading every 7th batch and at every epoch's
  // end, in order, on the first 200 test images; and a probed training
  // trains the same bits as any other.
  void probeReadsWithinAndAfterEveryEpochWithoutChangingTheTraining() {
    auto spec = spec_;
    spec.training.epochs = 3;
    spec.poisonCount = 320;
    const auto experiment = Experiment::open(spec);
    QElapsedTimer clock;
    clock.start();
    const auto plain = experiment->train(Head::Gap, "lower-right", 0);
    const qint64 plainMs = clock.restart();
    TrainingProbe probe;
    probe.placements = {"lower-right", "upper-left"};
    probe.inputs = 200;
    probe.everyBatches = 7;
    std::vector<TrainingProbe::Reading> readings;
    probe.onReading = [&](const TrainingProbe::Reading& r) { readings.push_back(r); };
    const auto probed = experiment->train(Head::Gap, "lower-right", 0, {}, nullptr, &probe);
    qInfo("training %lld ms, with the probe %lld ms (a figure, not a check)", plainMs, clock.elapsed());
    const int batches = (experiment->trainCount() + spec.training.batchSize - 1) / spec.training.batchSize;
    const int perEpoch = (batches - 1) / 7 + 1;  // batches 7, 14, ... before the last, then the end
    QCOMPARE(int(readings.size()), 3 * perEpoch);
    const auto labels = data_.splits.test.labels();
    const int pool = int(std::count_if(labels.begin(), labels.begin() + 200, [](int l) { return l != 7; }));
    for (std::size_t i = 0; i < readings.size(); ++i) {
      const auto& r = readings[i];
      const int within = int(i) % perEpoch;
      QCOMPARE(r.epoch, int(i) / perEpoch);
      QCOMPARE(r.batches, batches);
      QCOMPARE(r.batch, within + 1 == perEpoch ? batches : 7 * (within + 1));
      if (i > 0) QVERIFY(r.epochs() > readings[i - 1].epochs());
      QCOMPARE(int(r.attacks.size()), 2);
      QCOMPARE(r.attacks[0].evaluated, pool);
    }
    QCOMPARE(readings.back().epochs(), 3.0);
    QCOMPARE(readings.back().attacks[0].hits, probed.model->attackAt("lower-right", 200).metrics.hits);
    QCOMPARE(readings.back().cleanAccuracy, probed.model->cleanAccuracy(200));
    // The backdoor grows within the first epoch: its first reading is below its last.
    QVERIFY(readings.front().attacks[0].asr() < readings[static_cast<std::size_t>(perEpoch - 1)].attacks[0].asr());
    // Same bits: the same losses every epoch and the same predictions.
    for (std::size_t e = 0; e < plain.training.history.size(); ++e)
      QCOMPARE(probed.training.history[e].trainLoss, plain.training.history[e].trainLoss);
    QCOMPARE(probed.cleanPredictions, plain.cleanPredictions);
  }

  // With a cost share the readings within epochs follow the measured cost:
  // with a share far above any reading's cost every epoch is read within as
  // well as at its end; with a share far below, at its end only.
  void probeCostShareDecidesHowOftenToRead() {
    auto spec = spec_;
    spec.training.epochs = 2;
    const auto experiment = Experiment::open(spec);
    auto readingsWith = [&](double share) {
      TrainingProbe probe;
      probe.placements = {"lower-right"};
      probe.inputs = 100;
      probe.costShare = share;
      int within = 0, ends = 0;
      probe.onReading = [&](const TrainingProbe::Reading& r) { (r.batch == r.batches ? ends : within) += 1; };
      experiment->train(Head::Gap, "lower-right", 0, {}, nullptr, &probe);
      return std::make_pair(within, ends);
    };
    const auto often = readingsWith(100.0), never = readingsWith(1e-9);
    QCOMPARE(often.second, 2);
    QCOMPARE(never.second, 2);
    QCOMPARE(never.first, 0);
    QVERIFY2(often.first > 0, "no reading within the second epoch");
  }

  // Pause holds the training before its next batch; a step runs exactly to
  // the end of the epoch and holds again; resume lets it finish.
  void pauseHoldsWithinOneBatchAndStepRunsOneEpoch() {
    const auto& train = data_.splits.train;
    ImageModel model(ModelConfig{Architecture::Lecture, Head::Gap, train.shape(), train.numClasses()}, 1);
    auto training = spec_.training;
    training.epochs = 3;
    const int batchesPerEpoch = (train.size() + training.batchSize - 1) / training.batchSize;
    std::atomic<bool> stop{false};
    PauseGate gate(&stop);
    std::atomic<int> batches{0};
    TrainingCallbacks callbacks;
    callbacks.beforeBatch = [&](int epoch, int batch) { gate.beforeBatch(epoch, batch); };
    callbacks.onBatch = [&](const BatchProgress&) {
      if (++batches == 10) gate.pause();  // as a click during batch 10
    };
    std::thread trainer([&] { trainModel(model, train, {}, training, callbacks, &stop); });
    QTRY_VERIFY_WITH_TIMEOUT(gate.waiting(), 60000);
    QCOMPARE(batches.load(), 10);
    gate.stepEpoch();
    QTRY_VERIFY_WITH_TIMEOUT(batches.load() >= batchesPerEpoch && gate.waiting(), 60000);
    QCOMPARE(batches.load(), batchesPerEpoch);  // the rest of epoch 1, not a batch more
    gate.resume();
    trainer.join();
    QCOMPARE(batches.load(), 3 * batchesPerEpoch);
  }

  void gridSweepStopsWhenAsked() {
    auto spec = spec_;
    spec.training.epochs = 50;
    GridSweep sweep(spec);
    std::atomic<bool> stop{false};
    int batches = 0;
    int rows = 0;
    bool cancelled = false;
    try {
      runEveryJob<GridRow>(
          sweep, *Experiment::open(spec),
          [&](const JobProgress& p) {
            QCOMPARE(p.job, 0);
            QVERIFY(p.training());
            if (++batches == 5) stop = true;
          },
          [&](const std::vector<GridRow>& jobRows) { rows += int(jobRows.size()); }, &stop);
    } catch (const Cancelled&) {
      cancelled = true;
    }
    QVERIFY(cancelled);
    QCOMPARE(batches, 5);  // checked before every batch
    QCOMPARE(rows, 0);
  }
};

QTEST_GUILESS_MAIN(TestLearning)
#include "tst_learning.moc"
