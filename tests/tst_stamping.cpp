// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/positions.h"
#include "gaplab/stamping.h"
#include "gaplab/trigger.h"
#include "test_support.h"

using namespace gaplab;
using namespace gaplab::test;

namespace {

constexpr int kH = 10, kW = 12;  // image
constexpr int kTh = 3, kTw = 4;  // trigger
constexpr float kBase = 0.25f;

// A 3x4 trigger with distinct values and a hole in its mask (row 1, column 2).
Trigger holedTrigger(BlendMode blend) {
  Trigger t;
  t.channels = 1;
  t.height = kTh;
  t.width = kTw;
  for (int i = 0; i < kTh * kTw; ++i) t.pattern.push_back(0.1f + 0.05f * float(i));
  t.mask.assign(kTh * kTw, 1.0f);
  t.mask[1 * kTw + 2] = 0.0f;
  t.blend = blend;
  t.alpha = 0.5f;
  return t;
}

float expectedPixel(const Trigger& t, Position p, int y, int x) {
  const int ty = y - p.y, tx = x - p.x;
  if (ty < 0 || tx < 0 || ty >= t.height || tx >= t.width) return kBase;
  const float m = t.mask[static_cast<std::size_t>(ty * t.width + tx)];
  const float v = t.pattern[static_cast<std::size_t>(ty * t.width + tx)];
  switch (t.blend) {
    case BlendMode::Add: return kBase + m * v;
    case BlendMode::Replace: return (1 - m) * kBase + m * v;
    case BlendMode::Alpha: return (1 - t.alpha * m) * kBase + t.alpha * m * v;
  }
  return kBase;
}

void verifyStamp(const std::vector<float>& image, const Trigger& t, Position p) {
  for (int y = 0; y < kH; ++y)
    for (int x = 0; x < kW; ++x)
      QVERIFY2(qFuzzyCompare(1.0f + image[static_cast<std::size_t>(y * kW + x)], 1.0f + expectedPixel(t, p, y, x)),
               qPrintable(QString("pixel (%1,%2)").arg(x).arg(y)));
}

}  // namespace

class TestStamping : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void namedPositions_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("x");
    QTest::addColumn<int>("y");
    // x in {0, (12-4)/2, 12-4}, y in {0, (10-3)/2, 10-3}
    QTest::newRow("upper-left") << "upper-left" << 0 << 0;
    QTest::newRow("upper-middle") << "upper-middle" << 4 << 0;
    QTest::newRow("upper-right") << "upper-right" << 8 << 0;
    QTest::newRow("middle-left") << "middle-left" << 0 << 3;
    QTest::newRow("middle") << "middle" << 4 << 3;
    QTest::newRow("middle-right") << "middle-right" << 8 << 3;
    QTest::newRow("lower-left") << "lower-left" << 0 << 7;
    QTest::newRow("lower-middle") << "lower-middle" << 4 << 7;
    QTest::newRow("lower-right") << "lower-right" << 8 << 7;
    QTest::newRow("x:y") << "5:2" << 5 << 2;
    QTest::newRow("x:y at the far corner") << "8:7" << 8 << 7;
  }
  void namedPositions() {
    QFETCH(QString, name);
    QFETCH(int, x);
    QFETCH(int, y);
    const auto p = resolvePosition(name.toStdString(), kH, kW, {kTh, kTw});
    QCOMPARE(p.x, x);
    QCOMPARE(p.y, y);
    const auto trigger = holedTrigger(BlendMode::Add);
    std::vector<float> image(kH * kW, kBase);
    stampImage(image, {1, kH, kW}, trigger, p);
    verifyStamp(image, trigger, p);
  }

  void blendModes_data() {
    QTest::addColumn<int>("mode");
    QTest::newRow("add") << int(BlendMode::Add);
    QTest::newRow("replace") << int(BlendMode::Replace);
    QTest::newRow("alpha") << int(BlendMode::Alpha);
  }
  void blendModes() {
    QFETCH(int, mode);
    const auto trigger = holedTrigger(static_cast<BlendMode>(mode));
    std::vector<float> image(kH * kW, kBase);
    stampImage(image, {1, kH, kW}, trigger, {3, 5});
    verifyStamp(image, trigger, {3, 5});
    // The masked-out cell keeps the image's value in every mode.
    QCOMPARE(image[static_cast<std::size_t>((5 + 1) * kW + 3 + 2)], kBase);
  }

  void clipClampsOnlyWhenAsked() {
    auto trigger = holedTrigger(BlendMode::Add);
    trigger.pattern.assign(trigger.pattern.size(), 0.9f);
    std::vector<float> image(kH * kW, kBase * 3);  // 0.75 + 0.9 > 1
    stampImage(image, {1, kH, kW}, trigger, {0, 0});
    QCOMPARE(image[0], 0.75f + 0.9f);
    trigger.clip = true;
    std::vector<float> clipped(kH * kW, kBase * 3);
    stampImage(clipped, {1, kH, kW}, trigger, {0, 0});
    QCOMPARE(clipped[0], 1.0f);
  }

  void batchedStampMatchesSingle() {
    const auto trigger = holedTrigger(BlendMode::Replace);
    std::vector<float> pixels(3 * kH * kW, kBase);
    const auto set = ImageSet::fromBuffer({1, kH, kW}, pixels, {0, 1, 2}, {"a", "b", "c"});
    const auto all = stampAll(set, trigger, {2, 1});
    const auto each = stampEach(set, trigger, {{0, 0}, {2, 1}, {8, 7}});
    for (int i = 0; i < 3; ++i) verifyStamp(all.image(i), trigger, {2, 1});
    verifyStamp(each.image(0), trigger, {0, 0});
    verifyStamp(each.image(1), trigger, {2, 1});
    verifyStamp(each.image(2), trigger, {8, 7});
    QCOMPARE(set.image(0), std::vector<float>(kH * kW, kBase));  // the source is untouched
    QCOMPARE(all.labels(), set.labels());
  }

  void oneChannelTriggerBroadcastsOverRgb() {
    const auto trigger = holedTrigger(BlendMode::Add);
    std::vector<float> image(3 * kH * kW, kBase);
    stampImage(image, {3, kH, kW}, trigger, {1, 1});
    for (int c = 0; c < 3; ++c)
      QCOMPARE(image[static_cast<std::size_t>(c * kH * kW + 1 * kW + 1)], kBase + trigger.pattern[0]);
  }

  void outOfBoundsIsRejected_data() {
    QTest::addColumn<QString>("token");
    QTest::newRow("past the right edge") << "9:0";
    QTest::newRow("past the bottom") << "0:8";
    QTest::newRow("negative") << "-1:0";
  }
  void outOfBoundsIsRejected() {
    QFETCH(QString, token);
    QVERIFY(throwsErrorContaining([&] { resolvePosition(token.toStdString(), kH, kW, {kTh, kTw}); },
                                  {"does not fit"}));
    std::vector<float> image(kH * kW, kBase);
    const auto before = image;
    int x = 0, y = 0;
    std::sscanf(token.toUtf8().constData(), "%d:%d", &x, &y);
    QVERIFY(throwsErrorContaining([&] { stampImage(image, {1, kH, kW}, holedTrigger(BlendMode::Add), {x, y}); },
                                  {"does not fit"}));
    QCOMPARE(image, before);  // nothing clipped in
  }

  void triggerLargerThanInputIsRejected() {
    QVERIFY(throwsErrorContaining([] { resolvePosition("middle", 6, 6, {8, 8}); }, {"8x8", "larger than the input"}));
  }

  void unknownPositionNamesTheToken() {
    QVERIFY(throwsErrorContaining([] { resolvePosition("centre", kH, kW, {kTh, kTw}); }, {"'centre'", "upper-left"}));
    QVERIFY(throwsErrorContaining([] { resolvePosition("3:x", kH, kW, {kTh, kTw}); }, {"'3:x'"}));
  }

  void paperTriggerIsSeededUniform() {
    TriggerSpec spec;  // 8x8 random, seed 0, add
    const auto a = makeTrigger(spec, 3);
    const auto b = makeTrigger(spec, 3);
    spec.seed = 1;
    const auto c = makeTrigger(spec, 3);
    QCOMPARE(a.pattern.size(), std::size_t(3 * 8 * 8));
    QCOMPARE(a.pattern, b.pattern);
    QVERIFY(a.pattern != c.pattern);
    double sum = 0;
    for (float v : a.pattern) {
      QVERIFY(v >= 0.0f && v < 1.0f);
      sum += v;
    }
    QVERIFY(std::abs(sum / a.pattern.size() - 0.5) < 0.08);
    QCOMPARE(a.mask, std::vector<float>(64, 1.0f));
    QVERIFY(a.blend == BlendMode::Add);
  }

  void numpyPatternMatchesTheAuthorsTrigger() {
    // np.random.seed(42); np.random.random() -> 0.3745401188473625, 0.9507143064099162, 0.7319939418114051
    const auto grey = numpyPattern(1, 8, 8, 42);
    QCOMPARE(grey[0], 0.3745401188473625f);
    QCOMPARE(grey[1], 0.9507143064099162f);
    QCOMPARE(grey[2], 0.7319939418114051f);
    // With 3 channels the authors draw 3 values per pixel (HWC); gaplab stores CHW.
    const auto rgb = numpyPattern(3, 8, 8, 42);
    QCOMPARE(rgb[0], 0.3745401188473625f);
    QCOMPARE(rgb[64], 0.9507143064099162f);
    QCOMPARE(rgb[128], 0.7319939418114051f);
    QCOMPARE(rgb[1], grey[3]);
  }

  void maskShapesAreNotSquares() {
    TriggerSpec spec;
    spec.width = 7;
    spec.height = 7;
    spec.mask = "ellipse";
    const auto ellipse = makeTrigger(spec, 1);
    QCOMPARE(ellipse.mask[0], 0.0f);           // corner outside
    QCOMPARE(ellipse.mask[3 * 7 + 3], 1.0f);   // centre inside
    spec.mask = "cross";
    const auto cross = makeTrigger(spec, 1);
    QCOMPARE(cross.mask[0], 0.0f);
    QCOMPARE(cross.mask[3], 1.0f);  // top of the vertical bar
    spec.mask = "star";
    QVERIFY(throwsErrorContaining([&] { makeTrigger(spec, 1); }, {"'star'"}));
  }

  void positionGridCoversTheEdges() {
    const auto grid = positionGrid(28, 28, {8, 8}, 7);
    // x, y in {0, 7, 14, 20}: 20 is the last valid position and is added.
    QCOMPARE(grid.size(), std::size_t(16));
    QCOMPARE(toString(grid.back()), std::string("20:20"));
    QCOMPARE(positionGrid(28, 28, {8, 8}, 1).size(), std::size_t(21 * 21));
  }
};

QTEST_APPLESS_MAIN(TestStamping)
#include "tst_stamping.moc"
