// SPDX-License-Identifier: GPL-3.0-or-later
#include <algorithm>

#include "gaplab/image_model.h"
#include "gaplab/training.h"
#include "test_support.h"

using namespace gaplab;
using namespace gaplab::test;

namespace {

constexpr int kSide = 28, kSquare = 6;

std::vector<float> noiseImage(std::uint64_t seed) {
  std::vector<float> image(kSide * kSide);
  std::uint64_t state = seed * 2654435761u + 1;
  for (auto& v : image) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    v = 0.2f * float(state >> 40) / float(1 << 24);
  }
  return image;
}

void drawSquare(std::vector<float>& image, int x0, int y0) {
  for (int y = y0; y < y0 + kSquare; ++y)
    for (int x = x0; x < x0 + kSquare; ++x) image[static_cast<std::size_t>(y * kSide + x)] = 1.0f;
}

// Class 1: a bright square somewhere; class 0: noise only.
ImageSet squaresDataset(int count) {
  std::vector<float> pixels;
  std::vector<int> labels;
  for (int i = 0; i < count; ++i) {
    auto image = noiseImage(static_cast<std::uint64_t>(i));
    const int label = i % 2;
    if (label) drawSquare(image, (i * 7) % (kSide - kSquare + 1), (i * 13) % (kSide - kSquare + 1));
    pixels.insert(pixels.end(), image.begin(), image.end());
    labels.push_back(label);
  }
  return ImageSet::fromBuffer({1, kSide, kSide}, pixels, labels, {"noise", "square"});
}

// Row and column of the heatmap's maximum.
std::pair<int, int> peak(const Heatmap& map) {
  const auto it = std::max_element(map.values.begin(), map.values.end());
  const int index = static_cast<int>(it - map.values.begin());
  return {index / map.width, index % map.width};
}

}  // namespace

class TestCam : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void camIsTheHeadWeightedSumOfTheLastMaps_data() {
    QTest::addColumn<int>("architecture");
    QTest::newRow("lecture") << int(Architecture::Lecture);
    QTest::newRow("strip") << int(Architecture::Strip);
    QTest::newRow("adv_detection (sound)") << int(Architecture::AdvDetection);  // GAP, dropout, dense: still linear
  }
  void camIsTheHeadWeightedSumOfTheLastMaps() {
    QFETCH(int, architecture);
    const ImageModel model({static_cast<Architecture>(architecture), Head::Gap, {1, kSide, kSide}, 10}, 3);
    const auto image = noiseImage(5);
    const int cls = 4;
    const auto maps = model.lastFeatureMaps(image);
    const auto weights = model.headWeights(cls);
    const auto cam = model.classActivationMap(image, cls);
    QCOMPARE(cam.height, maps.height);
    QCOMPARE(cam.width, maps.width);
    QCOMPARE(weights.size(), std::size_t(maps.channels));
    double mean = 0;
    for (int y = 0; y < maps.height; ++y) {
      for (int x = 0; x < maps.width; ++x) {
        double expected = 0;
        for (int k = 0; k < maps.channels; ++k)
          expected += weights[k] * maps.values[static_cast<std::size_t>((k * maps.height + y) * maps.width + x)];
        const double actual = cam.values[static_cast<std::size_t>(y * cam.width + x)];
        QVERIFY2(std::abs(actual - expected) < 1e-4, qPrintable(QString("cell %1,%2").arg(x).arg(y)));
        mean += actual;
      }
    }
    // GAP is linear: the CAM's mean plus the bias is the class logit.
    mean /= maps.height * maps.width;
    QVERIFY(std::abs(mean + model.headBias(cls) - model.logits(image)[cls]) < 1e-4);
  }

  void movingThePatternMovesTheCamPeak() {
    const auto train = squaresDataset(1200);
    const auto validation = squaresDataset(200);
    ImageModel model({Architecture::Lecture, Head::Gap, {1, kSide, kSide}, 2}, 11);
    TrainingConfig config;
    config.epochs = 3;
    config.patience = 0;
    config.batchSize = 32;
    config.seed = 11;
    trainModel(model, train, validation, config);
    for (const auto [x, y] : {std::pair{2, 2}, std::pair{20, 3}, std::pair{11, 20}, std::pair{20, 20}}) {
      auto image = noiseImage(999);
      drawSquare(image, x, y);
      const auto cam = model.classActivationMap(image, 1);
      const auto [row, column] = peak(cam);
      // The 28x28 input maps onto 7x7 cells of 4 pixels; the square's centre is at x + 3.
      const int expectedRow = (y + kSquare / 2) / 4, expectedColumn = (x + kSquare / 2) / 4;
      QVERIFY2(std::abs(row - expectedRow) <= 1 && std::abs(column - expectedColumn) <= 1,
               qPrintable(QString("square at %1,%2: peak at cell %3,%4").arg(x).arg(y).arg(column).arg(row)));
    }
  }

  void soundModelWithDenseLayersAfterGapWeighsChannelsByGradient() {
    // trojaning_attacks: GAP -> dense 128 -> ReLU -> classifier. There are no
    // per-channel head weights, so the map weighs channels by d logit / d pooled,
    // over the time-frequency plane of a 101 x 40 MFCC image.
    const ImageModel model({Architecture::TrojaningAttacks, Head::Gap, {1, 101, 40}, 10}, 3);
    std::vector<float> mfcc(101 * 40);
    for (std::size_t i = 0; i < mfcc.size(); ++i) mfcc[i] = float(i % 37) / 37.0f - 0.5f;
    const auto maps = model.lastFeatureMaps(mfcc);
    const auto cam = model.classActivationMap(mfcc, 2);
    QCOMPARE(cam.height, maps.height);  // 12 frames x 4 bins after the trunk
    QCOMPARE(cam.width, maps.width);
    QCOMPARE(cam.height, 12);
    QCOMPARE(cam.width, 4);
    QVERIFY(std::any_of(cam.values.begin(), cam.values.end(), [](float v) { return v != 0.0f; }));
    QVERIFY(throwsErrorContaining([&] { model.headWeights(2); }, {"directly"}));
  }

  void gradCamForFcHeads() {
    const ImageModel model({Architecture::Lecture, Head::Fc, {1, kSide, kSide}, 10}, 3);
    const auto cam = model.classActivationMap(noiseImage(1), 2);
    QCOMPARE(cam.height, 7);
    QCOMPARE(cam.width, 7);
    QVERIFY(std::all_of(cam.values.begin(), cam.values.end(), [](float v) { return v >= 0.0f; }));
    QVERIFY(throwsErrorContaining([&] { model.headWeights(0); }, {"GAP"}));
    QVERIFY(throwsErrorContaining([&] { model.classActivationMap(noiseImage(1), 10); }, {"class 10"}));
  }
};

QTEST_APPLESS_MAIN(TestCam)
#include "tst_cam.moc"
