// SPDX-License-Identifier: GPL-3.0-or-later
// The Setup panel shows every preset exactly: what it gives back is the
// preset's spec, key for key; a value it cannot show is refused with the key
// named, and the form keeps what it showed.
#include "gaplab/error.h"
#include "gaplab/experiment_spec.h"
#include "gaplab/poison_share.h"
#include "setup_panel.h"
#include "test_support.h"

#include <QComboBox>
#include <QLabel>

using namespace gaplab;
using namespace gaplab::app;

class TestSetupPanel : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void everyPresetRoundTrips_data() {
    QTest::addColumn<QString>("preset");
    for (const auto& p : presets()) QTest::newRow(p.name.c_str()) << QString::fromStdString(p.name);
  }
  void everyPresetRoundTrips() {
    QFETCH(QString, preset);
    const auto spec = presetSpec(preset.toStdString());
    SetupPanel panel(spec.modality);
    panel.setSpec(spec);
    QCOMPARE(QString::fromStdString(specToJson(panel.spec())), QString::fromStdString(specToJson(spec)));
    // The model box shows the preset's architecture (lecture-sound: the lecture CNN).
    auto* model = panel.findChild<QComboBox*>("model");
    QVERIFY(model);
    QCOMPARE(model->currentText(), QString::fromStdString(toString(spec.model)));
  }

  // The line under the poison count says when the count is a large share of
  // the training split, at the CLI's threshold: 800 poisoned reviews of 3,000
  // (lecture-text on a small folder) is; of 10,000 it is not.
  void largePoisonShareIsSaid() {
    auto spec = presetSpec("lecture-text");
    spec.poisonCount = 800;
    SetupPanel panel(spec.modality);
    panel.setSpec(spec);
    auto* line = panel.findChild<QLabel*>("poisonShare");
    QVERIFY(line);
    panel.setTrainingSize(10000);
    QVERIFY2(line->text().startsWith("800 of 10000 training inputs (8.00%)"), qPrintable(line->text()));
    QVERIFY(!line->text().contains("more than"));
    panel.setTrainingSize(3000);
    QVERIFY2(line->text().contains("800 of 3000 training inputs (26.67%): more than 20%"), qPrintable(line->text()));
    QVERIFY(largePoisonShareWarning(800, 3000).has_value());
    // The boundary: exactly 20% is not "more than".
    QVERIFY(!largePoisonShareWarning(600, 3000).has_value());
    QVERIFY(largePoisonShareWarning(601, 3000).has_value());
    QVERIFY(!largePoisonShareWarning(10, 0).has_value());
  }

  // The model, dataset and position boxes offer exactly what the modality registry lists.
  void modelsComeFromCore_data() {
    QTest::addColumn<int>("modality");
    for (const auto m : allModalities()) QTest::newRow(toString(m).c_str()) << int(m);
  }
  void modelsComeFromCore() {
    QFETCH(int, modality);
    SetupPanel panel(static_cast<Modality>(modality));
    auto* model = panel.findChild<QComboBox*>("model");
    QVERIFY(model);
    QStringList expected;
    for (const auto a : architecturesFor(static_cast<Modality>(modality))) expected << QString::fromStdString(toString(a));
    QStringList offered;
    for (int i = 0; i < model->count(); ++i) offered << model->itemText(i);
    QCOMPARE(offered, expected);
    auto* dataset = panel.findChild<QComboBox*>("dataset");
    QVERIFY(dataset);
    QStringList datasets, expectedDatasets;
    for (int i = 0; i < dataset->count(); ++i) datasets << dataset->itemText(i);
    for (const auto& name : datasetsFor(static_cast<Modality>(modality))) expectedDatasets << QString::fromStdString(name);
    QCOMPARE(datasets, expectedDatasets);
    auto* position = panel.findChild<QComboBox*>("trainPosition");
    QVERIFY(position);
    QStringList positions;
    for (int i = 0; i < position->count(); ++i) positions << position->itemText(i);
    QStringList expectedPositions;
    for (const auto& name : namedPlacementsFor(static_cast<Modality>(modality)))
      expectedPositions << QString::fromStdString(name);
    QCOMPARE(positions, expectedPositions);
    const auto syntax = QString::fromStdString(placementSyntaxFor(static_cast<Modality>(modality)));
    QVERIFY(!syntax.isEmpty());
    QVERIFY2(position->toolTip().contains(syntax), qPrintable(position->toolTip()));
  }

  void unshowableValueIsRefusedByName_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("which");
    QTest::newRow("a seed beyond the box") << "seed" << 0;
    QTest::newRow("a learning rate the box rounds") << "training.lr" << 1;
    QTest::newRow("a trigger larger than the box") << "trigger.width" << 2;
  }
  void unshowableValueIsRefusedByName() {
    QFETCH(QString, key);
    QFETCH(int, which);
    const auto shown = presetSpec("lecture-image");
    SetupPanel panel(Modality::Image);
    panel.setSpec(shown);
    auto odd = shown;
    if (which == 0) odd.seed = std::uint64_t{1} << 40;
    if (which == 1) odd.training.lr = 1e-7;
    if (which == 2) odd.trigger.width = 600;
    std::string message;
    QVERIFY(test::throwsErrorContaining([&] { panel.setSpec(odd); }, {key.toStdString()}, &message));
    QCOMPARE(QString::fromStdString(specToJson(panel.spec())), QString::fromStdString(specToJson(shown)));
  }

  void specOfAnotherModalityIsRefused() {
    SetupPanel panel(Modality::Sound);
    QVERIFY(test::throwsErrorContaining([&] { panel.setSpec(presetSpec("lecture-text")); }, {"text", "sound"}));
  }
};

QTEST_MAIN(TestSetupPanel)
#include "tst_setup_panel.moc"
