// SPDX-License-Identifier: GPL-3.0-or-later
// The deployed architectures (resnet20, preact_resnet18, vgg11_bn,
// mobilenet_v2): their shapes and parameter counts against counts worked out
// by hand from the published layer tables, and a small real training in
// which each head learns a backdoor.
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "gaplab/error.h"
#include "gaplab/evaluation.h"
#include "gaplab/experiment.h"
#include "gaplab/image_model.h"
#include "gaplab/modality.h"
#include "test_support.h"

using namespace gaplab;

namespace {

std::int64_t conv(std::int64_t k, std::int64_t in, std::int64_t out, bool bias) {
  return k * k * in * out + (bias ? out : 0);
}
std::int64_t norm(std::int64_t channels) { return 2 * channels; }  // scale and shift (running stats are buffers)
std::int64_t dense(std::int64_t in, std::int64_t out) { return in * out + out; }
int halved(int side) { return (side + 1) / 2; }  // a 3x3 conv with stride 2 and padding 1

struct Expected {
  std::int64_t trunk = 0;  // parameters before the head
  int channels = 0, height = 0, width = 0;  // the last feature map
};

// He et al.'s CIFAR ResNet-20 (option A shortcuts: no parameters).
Expected resnet20(int channels, int side) {
  Expected e;
  e.trunk = conv(3, channels, 16, false) + norm(16);
  std::int64_t in = 16;
  for (const std::int64_t width : {16, 32, 64})
    for (int block = 0; block < 3; ++block) {
      e.trunk += conv(3, in, width, false) + norm(width) + conv(3, width, width, false) + norm(width);
      in = width;
    }
  e.channels = 64;
  e.height = e.width = halved(halved(side));
  return e;
}

Expected preactResnet18(int channels, int side) {
  Expected e;
  e.trunk = conv(3, channels, 64, false);
  std::int64_t in = 64;
  int map = side;
  for (const std::int64_t width : {64, 128, 256, 512})
    for (int block = 0; block < 2; ++block) {
      const bool reshape = in != width;
      e.trunk += norm(in) + conv(3, in, width, false) + norm(width) + conv(3, width, width, false);
      if (reshape) {
        e.trunk += conv(1, in, width, false);
        map = halved(map);
      }
      in = width;
    }
  e.channels = 512;
  e.height = e.width = map;
  return e;
}

Expected vgg11Bn(int channels, int side) {
  Expected e;
  std::int64_t in = channels;
  for (const std::int64_t width : {64, 128, 256, 256, 512, 512, 512, 512}) {
    e.trunk += conv(3, in, width, true) + norm(width);
    in = width;
  }
  e.channels = 512;
  e.height = e.width = side / 2 / 2 / 2 / 2;  // four 2x2 max-pools
  return e;
}

Expected mobilenetV2(int channels, int side) {
  Expected e;
  e.trunk = conv(3, channels, 32, false) + norm(32);
  struct Stage {
    std::int64_t expansion, channels, blocks, stride;
  };
  std::int64_t in = 32;
  int map = side;
  for (const Stage stage : {Stage{1, 16, 1, 1}, Stage{6, 24, 2, 1}, Stage{6, 32, 3, 2}, Stage{6, 64, 4, 2},
                            Stage{6, 96, 3, 1}, Stage{6, 160, 3, 2}, Stage{6, 320, 1, 1}}) {
    for (std::int64_t block = 0; block < stage.blocks; ++block) {
      const std::int64_t hidden = in * stage.expansion;
      if (stage.expansion != 1) e.trunk += conv(1, in, hidden, false) + norm(hidden);
      e.trunk += 9 * hidden + norm(hidden);  // depthwise 3x3
      e.trunk += conv(1, hidden, stage.channels, false) + norm(stage.channels);
      in = stage.channels;
    }
    if (stage.stride == 2) map = halved(map);
  }
  e.trunk += conv(1, 320, 1280, false) + norm(1280);
  e.channels = 1280;
  e.height = e.width = map;
  return e;
}

Expected expectedFor(Architecture arch, int channels, int side) {
  switch (arch) {
    case Architecture::Resnet20: return resnet20(channels, side);
    case Architecture::PreactResnet18: return preactResnet18(channels, side);
    case Architecture::Vgg11Bn: return vgg11Bn(channels, side);
    default: return mobilenetV2(channels, side);
  }
}

std::int64_t headParameters(Architecture arch, Head head, const Expected& e, int classes) {
  const std::int64_t pooled = head == Head::Gap ? e.channels : std::int64_t{e.channels} * e.height * e.width;
  if (arch == Architecture::Vgg11Bn && head == Head::Fc)  // VGG's dense layers, 512 wide
    return dense(pooled, 512) + dense(512, 512) + dense(512, classes);
  return dense(pooled, classes);
}

const Architecture kDeployed[] = {Architecture::Resnet20, Architecture::PreactResnet18, Architecture::Vgg11Bn,
                                  Architecture::MobilenetV2};

}  // namespace

class TestDeployedNetworks : public QObject {
  Q_OBJECT
private Q_SLOTS:
  // The published sizes for 10 classes on 32x32 colour images (GAP head).
  void publishedParameterCounts() {
    const auto count = [](Architecture arch) {
      return ImageModel(ModelConfig{arch, Head::Gap, {3, 32, 32}, 10}, 1).parameterCount();
    };
    QCOMPARE(count(Architecture::Resnet20), std::int64_t{269722});         // "0.27M", He et al. table 6
    QCOMPARE(count(Architecture::PreactResnet18), std::int64_t{11171146});  // "11.2M"
    QCOMPARE(count(Architecture::Vgg11Bn), std::int64_t{9231114});          // 9.2M
    QCOMPARE(count(Architecture::MobilenetV2), std::int64_t{2236682});      // 2.2M (torchvision's, 10 classes)
  }

  void shapesAndCounts_data() {
    QTest::addColumn<int>("arch");
    QTest::addColumn<int>("head");
    QTest::addColumn<int>("channels");
    QTest::addColumn<int>("side");
    for (const auto arch : kDeployed)
      for (const auto head : {Head::Gap, Head::Fc})
        for (const auto [channels, side] : {std::pair{1, 28}, std::pair{3, 32}})
          QTest::newRow(qPrintable(QString::fromStdString(toString(arch) + " " + toString(head) + " ") +
                                   QString("%1x%2x%2").arg(channels).arg(side)))
              << int(arch) << int(head) << channels << side;
  }
  void shapesAndCounts() {
    QFETCH(int, arch);
    QFETCH(int, head);
    QFETCH(int, channels);
    QFETCH(int, side);
    const auto architecture = static_cast<Architecture>(arch);
    const ImageModel model(ModelConfig{architecture, static_cast<Head>(head), {channels, side, side}, 10}, 1);
    const auto expected = expectedFor(architecture, channels, side);
    const auto maps = model.lastFeatureMaps(std::vector<float>(std::size_t(channels * side * side), 0.5f));
    QCOMPARE(maps.channels, expected.channels);
    QCOMPARE(maps.height, expected.height);
    QCOMPARE(maps.width, expected.width);
    QCOMPARE(model.parameterCount(),
             expected.trunk + headParameters(architecture, static_cast<Head>(head), expected, 10));
    QCOMPARE(int(model.logits(std::vector<float>(std::size_t(channels * side * side), 0.5f)).size()), 10);
  }

  // Offered for images and sound (all but mobilenet_v2, see image_descriptor.cpp);
  // an input too small for a net is refused by name.
  void registeredAndSized() {
    for (const auto modality : {Modality::Image, Modality::Sound})
      for (const auto arch : {Architecture::Resnet20, Architecture::PreactResnet18, Architecture::Vgg11Bn}) {
        const auto offered = architecturesFor(modality);
        QVERIFY(std::find(offered.begin(), offered.end(), arch) != offered.end());
        QVERIFY(architectureFromString(toString(arch)) == arch);
      }
    QVERIFY(test::throwsErrorContaining(
        [] { ImageModel(ModelConfig{Architecture::Vgg11Bn, Head::Gap, {1, 12, 12}, 10}, 1); },
        {"vgg11_bn", "12x12", "16x16"}));
  }

  // ResNet-20 learns the task and the backdoor on a small real subset, with either head.
  void resnet20LearnsTheBackdoor_data() {
    QTest::addColumn<int>("head");
    QTest::newRow("gap") << int(Head::Gap);
    QTest::newRow("fc") << int(Head::Fc);
  }
  void resnet20LearnsTheBackdoor() {
    QFETCH(int, head);
    auto spec = presetSpec("lecture-image");
    spec.model = Architecture::Resnet20;
    spec.limitTrain = 2500;  // 2,000 train + 500 validation
    spec.limitTest = 500;
    spec.poisonCount = 150;  // 7.5% of the training split
    spec.training.epochs = 3;
    spec.training.patience = 0;
    const auto experiment = Experiment::open(spec);
    const auto trained = experiment->train(static_cast<Head>(head), "lower-right", 0);
    const double asr = trained.model->attackAt("lower-right").metrics.asr();
    QVERIFY2(trained.record.cleanAccuracy > 0.7, qPrintable(QString::number(trained.record.cleanAccuracy)));
    QVERIFY2(asr >= 0.9, qPrintable(QString::number(asr)));
  }
};

QTEST_GUILESS_MAIN(TestDeployedNetworks)
#include "tst_deployed_networks.moc"
