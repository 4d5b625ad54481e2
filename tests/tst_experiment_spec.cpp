// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/experiment_spec.h"
#include "test_support.h"

using namespace gaplab;
using namespace gaplab::test;

class TestExperimentSpec : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void paperPresetHasThePapersSettings() {
    const auto s = presetSpec("paper-image");
    QVERIFY(s.model == Architecture::Strip);
    QCOMPARE(s.poisonCount, 1000);
    QCOMPARE(s.target, 7);
    QCOMPARE(s.trigger.width, 8);
    QVERIFY(s.trigger.blend == BlendMode::Add);
    QVERIFY(s.training.optimizer == OptimizerKind::RmsProp);
    QCOMPARE(s.training.batchSize, 256);
    QCOMPARE(s.training.epochs, 200);
    QCOMPARE(s.training.patience, 20);
    QCOMPARE(s.training.lrAt(0), 1e-2);
    QCOMPARE(s.training.lrAt(30), 1e-2);
    QCOMPARE(s.training.lrAt(31), 1e-3);
    QCOMPARE(s.training.lrAt(55), 1e-4);
    QCOMPARE(s.training.lrAt(180), 1e-5);
    QCOMPARE(s.training.lrAt(181), 5e-6);
    QCOMPARE(s.trigger.pattern, std::string("numpy-random"));
    QCOMPARE(s.trigger.seed, std::uint64_t(42));
    QVERIFY(s.validationSplit == HoldOut::Tail);
    QCOMPARE(s.reps, 10);
  }

  void jsonRoundTripIsExact() {
    for (const auto& preset : presets()) {
      const auto text = specToJson(preset.spec);
      QCOMPARE(specToJson(specFromJson(text, ExperimentSpec{})), text);
    }
  }

  void partialSpecOverridesOnlyItsKeys() {
    const auto base = presetSpec("lecture-image");
    const auto s = specFromJson(R"({"poison": {"count": 42}, "training": {"epochs": 3}, "heads": ["gap"]})", base);
    QCOMPARE(s.poisonCount, 42);
    QCOMPARE(s.target, base.target);
    QCOMPARE(s.training.epochs, 3);
    QCOMPARE(s.training.lr, base.training.lr);
    QVERIFY(s.heads == std::vector<Head>{Head::Gap});
  }

  void specCanNameItsPreset() {
    const auto s = specFromJson(R"({"preset": "paper-image", "reps": 2})", presetSpec("lecture-image"));
    QVERIFY(s.model == Architecture::Strip);
    QCOMPARE(s.reps, 2);
  }

  void errorsNameTheKey_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("unknown key") << R"({"epocs": 3})" << "'epocs': unknown key";
    QTest::newRow("nested unknown key") << R"({"training": {"learning_rate": 1}})" << "'training.learning_rate'";
    QTest::newRow("wrong type") << R"({"reps": "ten"})" << "'reps': expected a whole number";
    QTest::newRow("bad enum") << R"({"trigger": {"blend": "xor"}})" << "'trigger.blend'";
    QTest::newRow("bad head") << R"({"heads": ["fc", "max"]})" << "'max'";
    QTest::newRow("zero epochs") << R"({"training": {"epochs": 0}})" << "epochs must be >= 1";
    QTest::newRow("unknown preset") << R"({"preset": "nope"})" << "unknown preset 'nope'";
    QTest::newRow("not json") << "{reps: 1" << "not valid JSON";
    QTest::newRow("schedule step key") << R"({"training": {"schedule": [{"from_epoch": 2, "rate": 1}]}})"
                                       << "'training.schedule[].rate': unknown key";
    QTest::newRow("schedule not a list") << R"({"training": {"schedule": 5}})" << "expected a list of {from_epoch, lr}";
    QTest::newRow("budget key") << R"({"budget": {"levels": ["2%"]}})" << "'budget.levels': unknown key";
    QTest::newRow("poison selection") << R"({"poison": {"selection": "last"}})" << "'poison.selection'";
    QTest::newRow("bad dataset") << R"({"dataset": "imagenet"})" << "unknown image dataset 'imagenet'";
  }
  void errorsNameTheKey() {
    QFETCH(QString, json);
    QFETCH(QString, fragment);
    QVERIFY(throwsErrorContaining([&] { specFromJson(json.toStdString(), ExperimentSpec{}, "my.json"); },
                                  {"my.json", fragment.toStdString()}));
  }
};

QTEST_APPLESS_MAIN(TestExperimentSpec)
#include "tst_experiment_spec.moc"
