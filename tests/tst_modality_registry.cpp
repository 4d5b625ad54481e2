// SPDX-License-Identifier: GPL-3.0-or-later
// The modality registry: exactly the three modalities, and what each says
// about itself (choices, placements, placement names) as front ends see it.
#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "gaplab/modality.h"
#include "test_support.h"

using namespace gaplab;

class TestModalityRegistry : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void listsExactlyTheThreeModalities() {
    std::vector<std::string> names;
    for (const auto modality : allModalities()) {
      names.push_back(toString(modality));
      QVERIFY(modalityFromString(toString(modality)) == modality);
    }
    QCOMPARE(names, (std::vector<std::string>{"image", "sound", "text"}));
    QVERIFY(test::throwsErrorContaining([] { modalityFromString("video"); }, {"video", "image, sound, text"}));
  }

  // Every lecture preset's choices are among what its modality offers.
  void presetsChooseFromTheirModality_data() {
    QTest::addColumn<QString>("preset");
    for (const char* name : {"lecture-image", "lecture-sound", "lecture-text"}) QTest::newRow(name) << name;
  }
  void presetsChooseFromTheirModality() {
    QFETCH(QString, preset);
    const auto spec = presetSpec(preset.toStdString());
    const auto contains = [](const auto& list, const auto& value) {
      return std::find(list.begin(), list.end(), value) != list.end();
    };
    QVERIFY(contains(datasetsFor(spec.modality), spec.dataset));
    QVERIFY(contains(architecturesFor(spec.modality), spec.model));
    const auto placements = namedPlacementsFor(spec.modality);
    for (const auto& position : spec.trainPositions) QVERIFY(contains(placements, position));
    QVERIFY(contains(placements, std::string("random")) && contains(placements, std::string("random-pattern")));
  }

  void farthestPlacementIsTheOtherEnd() {
    QCOMPARE(farthestPlacement(Modality::Image, "upper-left"), std::string("lower-right"));
    QCOMPARE(farthestPlacement(Modality::Image, "middle"), std::string("upper-left"));  // every corner is as far
    QCOMPARE(farthestPlacement(Modality::Image, "lower-right"), std::string("upper-left"));
    QCOMPARE(farthestPlacement(Modality::Sound, "start"), std::string("end"));
    QCOMPARE(farthestPlacement(Modality::Text, "end"), std::string("start"));
  }

  // Placements in the input's coordinates, named as the CLI and the grid take them.
  void placementTokensNameTheCoordinates() {
    QCOMPARE(placementToken(presetSpec("lecture-image"), {3, 4}), std::string("3:4"));
    // Onset frame 25 at a hop of 160 samples of 16 kHz: 0.25 s.
    QCOMPARE(placementToken(presetSpec("lecture-sound"), {0, 25}), std::string("@0.250000"));
    QCOMPARE(placementToken(presetSpec("lecture-text"), {12, 0}), std::string("@12"));
  }
};

QTEST_GUILESS_MAIN(TestModalityRegistry)
#include "tst_modality_registry.moc"
