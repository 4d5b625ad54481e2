// SPDX-License-Identifier: GPL-3.0-or-later
#include <set>

#include "gaplab/poisoning.h"
#include "test_support.h"

using namespace gaplab;
using namespace gaplab::test;

namespace {

constexpr int kN = 40, kSide = 6;

// 40 blank 6x6 images; label i % 4, so classes 0-3.
ImageSet blankSet() {
  std::vector<int> labels;
  for (int i = 0; i < kN; ++i) labels.push_back(i % 4);
  return ImageSet::fromBuffer({1, kSide, kSide}, std::vector<float>(kN * kSide * kSide, 0.0f), labels,
                              {"a", "b", "c", "d"});
}

Trigger onesTrigger() {
  Trigger t;
  t.height = 2;
  t.width = 2;
  t.pattern.assign(4, 1.0f);
  t.mask.assign(4, 1.0f);
  return t;
}

// Where the 2x2 block of ones sits in a 6x6 image, or {-1,-1} if it is blank.
Position findBlock(const std::vector<float>& image) {
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x)
      if (image[static_cast<std::size_t>(y * kSide + x)] == 1.0f) return {x, y};
  return {-1, -1};
}

}  // namespace

class TestPoisoning : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void firstNAtAFixedPosition() {
    PoisonConfig config;
    config.count = 5;
    config.target = 3;
    config.position = "lower-right";
    const auto result = poison(blankSet(), onesTrigger(), config);
    QCOMPARE(result.indices, (std::vector<int>{0, 1, 2, 3, 4}));
    for (int i = 0; i < kN; ++i) {
      const bool poisoned = i < 5;
      QCOMPARE(result.images.label(i), poisoned ? 3 : i % 4);
      QCOMPARE(toString(findBlock(result.images.image(i))), toString(poisoned ? Position{4, 4} : Position{-1, -1}));
    }
  }

  void randomSelectionExcludesTheTarget() {
    PoisonConfig config;
    config.count = 12;
    config.target = 2;
    config.selection = PoisonSelection::RandomExcludingTarget;
    config.position = "upper-left";
    config.seed = 9;
    const auto set = blankSet();
    const auto result = poison(set, onesTrigger(), config);
    QCOMPARE(result.indices.size(), std::size_t(12));
    QCOMPARE(std::set<int>(result.indices.begin(), result.indices.end()).size(), std::size_t(12));
    int stamped = 0;
    for (int i = 0; i < kN; ++i) stamped += findBlock(result.images.image(i)) == Position{0, 0};
    QCOMPARE(stamped, 12);
    for (int index : result.indices) {
      QVERIFY(set.label(index) != 2);
      QCOMPARE(result.images.label(index), 2);
    }
    QCOMPARE(poison(set, onesTrigger(), config).indices, result.indices);  // seeded
    config.seed = 10;
    QVERIFY(poison(set, onesTrigger(), config).indices != result.indices);
  }

  void randomPositionsPerSample() {
    PoisonConfig config;
    config.count = 30;
    config.target = 0;
    config.position = kRandomPosition;
    config.seed = 4;
    const auto result = poison(blankSet(), onesTrigger(), config);
    std::set<std::pair<int, int>> distinct;
    for (std::size_t i = 0; i < result.indices.size(); ++i) {
      const auto p = result.positions[i];
      QVERIFY(p.x >= 0 && p.y >= 0 && p.x <= kSide - 2 && p.y <= kSide - 2);
      QCOMPARE(toString(findBlock(result.images.image(result.indices[i]))), toString(p));
      distinct.insert({p.x, p.y});
    }
    QVERIFY(distinct.size() > 5);  // 25 possible positions, 30 draws
  }

  void tooManyPoisonedSamplesIsAnError() {
    PoisonConfig config;
    config.count = 31;  // only 30 samples are outside class 1
    config.target = 1;
    config.selection = PoisonSelection::RandomExcludingTarget;
    QVERIFY(throwsErrorContaining([&] { poison(blankSet(), onesTrigger(), config); }, {"31", "30"}));
    config.selection = PoisonSelection::First;
    config.count = 41;
    QVERIFY(throwsErrorContaining([&] { poison(blankSet(), onesTrigger(), config); }, {"41", "40"}));
  }

  void missingTargetClassIsAnError() {
    PoisonConfig config;
    config.count = 1;
    config.target = 4;
    QVERIFY(throwsErrorContaining([&] { poison(blankSet(), onesTrigger(), config); }, {"target class 4"}));
  }
};

QTEST_APPLESS_MAIN(TestPoisoning)
#include "tst_poisoning.moc"
