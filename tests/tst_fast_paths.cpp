// SPDX-License-Identifier: GPL-3.0-or-later
// core's fast paths compute what the plain layers compute: the evaluation-only
// trunk (core/src/eval_trunk.h) for every image architecture and head, for
// BatchNorms with negative scales (which block the rewrite), and again after
// the weights change; the text models' 1-d convolutions run as 2-d ones over
// the embedding. A core test: it needs LibTorch, so torch comes first and Qt's
// keywords are off.
#define QT_NO_KEYWORDS
#include <torch/torch.h>

#include <QtTest>

#include "classifier.h"
#include "eval_trunk.h"
#include "few_channel_conv.h"
#include "first_block.h"
#include "gaplab/error.h"
#include "image_networks.h"
#include "kernel_isa.h"
#include "pool_relu_affine.h"
#include "row_stable.h"
#include "text_networks.h"
#include "uniform_dropout.h"
#include "winograd_conv.h"

using namespace gaplab;
namespace nn = torch::nn;

Q_DECLARE_METATYPE(gaplab::Architecture)
Q_DECLARE_METATYPE(gaplab::Head)

namespace {

// Trained-looking BatchNorms: statistics and affine parameters away from their
// initial 0 / 1, with a share of negative scales when asked.
void randomiseNorms(nn::Module& net, double negativeShare) {
  torch::NoGradGuard noGrad;
  for (auto& module : net.modules(false))
    if (auto* norm = module->as<nn::BatchNorm2d>()) {
      norm->running_mean.uniform_(-1, 1);
      norm->running_var.uniform_(0.5, 2);
      norm->bias.uniform_(-0.5, 0.5);
      norm->weight.uniform_(0.5, 1.5);
      norm->weight.mul_(torch::where(torch::rand_like(norm->weight) < negativeShare, -1.0, 1.0));
    }
}

// The outputs as the trained layers compute them (gradients on: no rewrite)
// and as the rewritten trunk does (inference mode).
std::pair<torch::Tensor, torch::Tensor> asTrainedAndRewritten(ImageNet& net, const torch::Tensor& x) {
  net->eval();
  const auto trained = net->forward(x).detach();
  torch::InferenceMode inference;
  return {trained, net->forward(x)};
}


// The gradient of sum(y * weights) with respect to x: a random direction,
// so that every output's share of the gradient counts.
torch::Tensor inputGradient(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& weights) {
  return torch::autograd::grad({(y * weights).sum()}, {x})[0];
}

// Inputs whose sums are exact in float, with ties inside pool windows: small
// integers, a third of them equal to a neighbour.
torch::Tensor integerInputs(std::vector<int64_t> shape) {
  auto x = torch::randint(-3, 4, shape).to(torch::kFloat);
  const auto copyLeft = torch::rand(shape) < 0.33;
  return torch::where(copyLeft, x.roll(1, -1), x);
}

QString largestDifference(const torch::Tensor& a, const torch::Tensor& b) {
  return QString("largest difference %1").arg((a - b).abs().max().item<double>());
}

// How far two float32 computations of one result may lie apart through
// rounding alone, whatever the instruction set or order of summation: each
// lies within K u M of the exact value (first order; Higham, "Accuracy and
// Stability of Numerical Algorithms", 2nd ed., section 3.1), where u = 2^-24
// is float's unit roundoff, K the number of roundings on the longest chain
// of operations (the fan-ins of every layer, plus a few per layer for the
// bias, normalisation and activation) and M the sum of the magnitudes of
// every term that went into the result. So the two differ by at most
// 2 K u M, elementwise. Through a deep network M grows far past the result
// (terms cancel), so the bound is loose there; the single passes' tests on
// integer inputs, whose sums are exact, are the sharp ones.
struct RoundingBound {
  torch::Tensor magnitude;  // M, elementwise
  double roundings = 0;     // K
  torch::Tensor tolerance() const { return 2.0 * roundings * std::ldexp(1.0, -24) * magnitude; }
  // Normwise, for gradients: a max-pool sends the gradient to its window's
  // winner, which the non-negative network may pick differently, so each
  // element is held to the largest magnitude rather than its own.
  RoundingBound normwise() const { return {magnitude.abs().max().expand_as(magnitude), roundings}; }
};

bool withinBound(const torch::Tensor& a, const torch::Tensor& b, const RoundingBound& bound, QString* why) {
  const auto difference = (a.to(torch::kDouble) - b.to(torch::kDouble)).abs();
  const auto tolerance = bound.tolerance().to(torch::kDouble);
  const auto worst = (difference / tolerance.clamp_min(1e-300)).max().item<double>();
  *why = QString("largest difference %1; largest share of its rounding bound %2 (K = %3)")
             .arg(difference.max().item<double>())
             .arg(worst)
             .arg(bound.roundings);
  return a.sizes() == b.sizes() && worst <= 1.0;
}

// K for a network: each conv's and linear layer's fan-in, the largest
// averaging window, and 4 roundings per layer for bias, normalisation,
// activation and pooling.
double roundingsOf(nn::Module& net, int64_t inputCells) {
  double k = static_cast<double>(inputCells);  // a global average sums at most every cell
  for (auto& module : net.modules(false)) {
    if (auto* conv = module->as<nn::Conv2d>()) k += double(conv->weight[0].numel());
    if (auto* conv = module->as<nn::Conv1d>()) k += double(conv->weight[0].numel());
    if (auto* linear = module->as<nn::Linear>()) k += double(linear->weight.size(1));
    k += 4;
  }
  return k;
}

// The trunk of a magnitude network on |x|, each convolution the Winograd
// pass takes bounded as that pass sums (winogradMagnitudeBound), by the
// larger of the two tiles' sums, whichever the pass takes, the rest as its
// layers.
torch::Tensor trunkMagnitudes(ImageNet& magnitudes, const torch::Tensor& absX) {
  auto trunk = std::dynamic_pointer_cast<nn::SequentialImpl>(magnitudes->named_children()["trunk"]);
  auto y = absX;
  for (auto& layer : *trunk) {
    if (const auto* conv = layer.ptr()->as<nn::Conv2d>()) {
      const auto& o = conv->options;
      const auto padding = c10::get<torch::ExpandingArray<2>>(o.padding());
      if ((*o.kernel_size())[0] == (*o.kernel_size())[1] &&
          winogradTakes(o.in_channels(), (*o.kernel_size())[0], (*o.stride())[0], (*padding)[0], (*o.dilation())[0],
                        o.groups())) {
        y = torch::max(winogradMagnitudeBound(y, conv->weight, conv->bias, 2),
                       winogradMagnitudeBound(y, conv->weight, conv->bias, 4));
        continue;
      }
    }
    y = layer.forward(y);
  }
  return y;
}

// M for a network's outputs and for the input gradient along `direction`:
// the same network in double with every weight, bias and normalisation term
// made non-negative, run on |x| (so every activation passes and every term
// adds), and differentiated along |direction|.
std::pair<RoundingBound, RoundingBound> networkBounds(const ModelConfig& config, ImageNet& net, const torch::Tensor& x,
                                                      const torch::Tensor& direction) {
  ImageNet magnitudes(config, 7);
  {
    torch::NoGradGuard noGrad;
    auto source = net->named_parameters(true);
    for (auto& item : magnitudes->named_parameters(true)) item.value().copy_(source[item.key()].abs());
    auto buffers = net->named_buffers(true);
    for (auto& item : magnitudes->named_buffers(true)) {
      const bool mean = item.key().find("running_mean") != std::string::npos;
      if (item.value().is_floating_point()) item.value().copy_(mean ? -buffers[item.key()].abs() : buffers[item.key()]);
    }
  }
  magnitudes->to(torch::kDouble);
  magnitudes->eval();
  const auto absX = x.detach().abs().to(torch::kDouble).requires_grad_(true);
  const auto out = magnitudes->head(trunkMagnitudes(magnitudes, absX));
  const auto gradient = torch::autograd::grad({(out * direction.abs().to(torch::kDouble)).sum()}, {absX})[0];
  const double k = roundingsOf(*net, x.size(2) * x.size(3));
  return {RoundingBound{out.detach(), k}, RoundingBound{gradient, k}.normwise()};
}

ModelConfig configFor(Architecture architecture, Head head) {
  const ImageShape shape = architecture == Architecture::AdvDetection ? ImageShape{1, 101, 40} : ImageShape{1, 28, 28};
  return {architecture, head, shape, 10};
}

// A layout as EvalTrunk prints it, or under GAPLAB_KERNELS=off, where no
// pass of core's own kernels runs (no Winograd or direct convolutions, no
// bracketed single passes).
QString layoutWhereOn(const QString& on, const QString& off) { return kernelIsa() == KernelIsa::Off ? off : on; }

// The kernel builds this CPU runs, GAPLAB_KERNELS restored afterwards.
template <class Body>
void forEachKernelIsa(const Body& body) {
  const QByteArray saved = qgetenv("GAPLAB_KERNELS");
  for (const char* name : {"default", "avx2", "avx512"}) {
    qputenv("GAPLAB_KERNELS", name);
    try {
      kernelIsa();
    } catch (const gaplab::Error&) {
      continue;  // this CPU lacks it
    }
    body(QString(name));
  }
  saved.isNull() ? qunsetenv("GAPLAB_KERNELS") : qputenv("GAPLAB_KERNELS", saved);
}

// A Conv1d over the transposed embedding, in double on magnitudes (then
// max_pool1d(2) when pooled): its fan-in plus bias and activation roundings.
RoundingBound conv1dBound(nn::Conv1dImpl& conv, const torch::Tensor& embedded, bool pooled) {
  const auto d = [](const torch::Tensor& t) { return t.detach().abs().to(torch::kDouble); };
  auto magnitude = torch::conv1d(d(embedded).transpose(1, 2), d(conv.weight), d(conv.bias));
  if (pooled) magnitude = torch::max_pool1d(magnitude, 2);
  return {magnitude, double(conv.weight[0].numel()) + 4};
}

}  // namespace

class TestFastPaths : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void initTestCase() { torch::set_num_threads(2); }

  void sameOutputsAsTheTrainedLayers_data() {
    QTest::addColumn<Architecture>("architecture");
    QTest::addColumn<Head>("head");
    QTest::addColumn<double>("negativeShare");
    for (const auto architecture :
         {Architecture::Strip, Architecture::Lecture, Architecture::AdvDetection, Architecture::TrojaningAttacks})
      for (const auto head : {Head::Fc, Head::Gap})
        for (const double negative : {0.0, 0.5}) {
          const auto name = toString(architecture) + " " + toString(head) + (negative > 0 ? " negative scales" : "");
          QTest::newRow(name.c_str()) << architecture << head << negative;
        }
  }
  void sameOutputsAsTheTrainedLayers() {
    QFETCH(Architecture, architecture);
    QFETCH(Head, head);
    QFETCH(double, negativeShare);
    torch::manual_seed(7);
    const auto config = configFor(architecture, head);
    ImageNet net(config, 7);
    randomiseNorms(*net, negativeShare);
    const auto x = torch::rand({5, config.input.channels, config.input.height, config.input.width});
    const auto [trained, rewritten] = asTrainedAndRewritten(net, x);
    QString why;
    const auto bound = networkBounds(config, net, x, torch::ones_like(trained)).first;
    QVERIFY2(withinBound(trained, rewritten, bound, &why), qPrintable(why));
    // The logits are not constant: the comparison could fail.
    QVERIFY(trained.std().item<double>() > 1e-3);
  }

  // What the rewrite does to adv_detection's layers: pools move first, each
  // BatchNorm but the last folds into the next (unpadded) convolution,
  // dropout goes, and the first convolution (one input channel) runs as one
  // pass with its pool and ReLU. A negative scale in the first BatchNorm
  // keeps that block's order.
  void rewritesAdvDetection() {
    torch::manual_seed(7);
    const int64_t widths[3] = {64, 64, 32};
    nn::Sequential trunk;
    int64_t in = 1;
    for (const auto width : widths) {
      trunk->push_back(nn::Conv2d(nn::Conv2dOptions(in, width, 2)));
      trunk->push_back(nn::ReLU());
      trunk->push_back(nn::BatchNorm2d(width));
      trunk->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2).ceil_mode(true)));
      in = width;
    }
    trunk->push_back(nn::Dropout(0.4));
    trunk->eval();
    randomiseNorms(*trunk, 0.0);
    QCOMPARE(QString::fromStdString(EvalTrunk::build(trunk)->layout()),
             layoutWhereOn("direct+pool+relu conv pool [relu] conv pool [relu norm]",
                           "conv pool relu conv pool relu conv pool relu norm"));
    {
      torch::NoGradGuard noGrad;
      trunk[2]->as<nn::BatchNorm2d>()->weight[3].fill_(-0.5);
    }
    QCOMPARE(QString::fromStdString(EvalTrunk::build(trunk)->layout()),
             layoutWhereOn("direct+relu+norm pool conv pool [relu] conv pool [relu norm]",
                           "conv relu norm pool conv pool relu conv pool relu norm"));
  }

  // STRIP's convolutions are padded, so their BatchNorms stay; the pool of
  // each stage moves in front of the second ELU and BatchNorm; each
  // convolution runs as one pass with the pool, ELU and BatchNorm after it,
  // the first (one input channel) directly, the others by Winograd.
  void rewritesStrip() {
    torch::manual_seed(7);
    ImageNet net(configFor(Architecture::Strip, Head::Gap), 7);
    randomiseNorms(*net, 0.0);
    const auto impl = std::dynamic_pointer_cast<nn::SequentialImpl>(net->named_children()["trunk"]);
    QVERIFY(impl);
    nn::Sequential trunk(impl);
    trunk->eval();
    const QString stage = "conv elu norm conv pool elu norm";
    QCOMPARE(QString::fromStdString(EvalTrunk::build(trunk)->layout()),
             layoutWhereOn("direct+elu+norm winograd+pool+elu+norm winograd+elu+norm winograd+pool+elu+norm "
                           "winograd+elu+norm winograd+pool+elu+norm",
                           stage + " " + stage + " " + stage));
  }

  // FirstBlock against the layers it replaces, forward and input gradient:
  // few input channels, kernels 2, 3 and 5, a channel count that leaves a
  // partial group of lanes, odd sizes (the floor pool drops the last row and
  // column), and ties (integer inputs and weights: the first maximum must win).
  void firstBlockMatchesItsLayers_data() {
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("padding");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("integers");
    QTest::newRow("lecture: 1 -> 16, 3x3, 28x28") << 1 << 16 << 3 << 1 << 28 << 28 << false;
    QTest::newRow("RGB 3 -> 20, odd 9x11") << 3 << 20 << 3 << 1 << 9 << 11 << false;
    QTest::newRow("5x5 padded 2") << 1 << 8 << 5 << 2 << 12 << 12 << false;
    QTest::newRow("2x2 unpadded, odd 7x7") << 2 << 16 << 2 << 0 << 7 << 7 << false;
    QTest::newRow("ties") << 1 << 16 << 3 << 1 << 10 << 10 << true;
  }
  void firstBlockMatchesItsLayers() {
    QFETCH(int, in);
    QFETCH(int, out);
    QFETCH(int, kernel);
    QFETCH(int, padding);
    QFETCH(int, height);
    QFETCH(int, width);
    QFETCH(bool, integers);
    torch::manual_seed(7);
    const auto x = (integers ? integerInputs({6, in, height, width}) : torch::rand({6, in, height, width})).requires_grad_(true);
    const auto weight = integers ? integerInputs({out, in, kernel, kernel}) : torch::randn({out, in, kernel, kernel});
    const auto bias = integers ? integerInputs({out}) : torch::randn({out});
    const auto scale = torch::rand({out}) + 0.5, shift = torch::randn({out});
    const auto layers = torch::addcmul(shift.view({1, -1, 1, 1}),
                                       torch::max_pool2d(torch::conv2d(x, weight, bias, 1, padding), 2).relu(),
                                       scale.view({1, -1, 1, 1}));
    const auto block = FirstBlock::build(weight, bias, padding, scale, shift);
    QVERIFY(block);
    const auto fused = block->forward(x);
    QCOMPARE(fused.sizes().vec(), layers.sizes().vec());
    const auto direction = torch::randn_like(layers);
    // The same layers on magnitudes, in double: the sums of |terms|.
    const auto d = [](const torch::Tensor& t) { return t.detach().abs().to(torch::kDouble); };
    const auto absX = d(x).requires_grad_(true);
    const auto magnitude = torch::addcmul(d(shift).view({1, -1, 1, 1}),
                                          torch::max_pool2d(torch::conv2d(absX, d(weight), d(bias), 1, padding), 2),
                                          d(scale).view({1, -1, 1, 1}));
    const double roundings = in * kernel * kernel + 4;
    const RoundingBound valueBound{magnitude.detach(), roundings};
    const RoundingBound gradientBound =
        RoundingBound{inputGradient(absX, magnitude, d(direction)), roundings}.normwise();
    QString why;
    QVERIFY2(withinBound(fused, layers, valueBound, &why), qPrintable(why));
    const auto expected = inputGradient(x, layers, direction), got = inputGradient(x, fused, direction);
    QVERIFY2(withinBound(got, expected, gradientBound, &why), qPrintable(why));
    QVERIFY(expected.abs().max().item<double>() > 0.1);  // a gradient that could differ
  }

  // Every instruction-set build of the single passes computes the same bits,
  // values and gradients: their sums run lane by lane in one order, and no
  // build contracts a multiply-add (kernel_isa.h). On a CPU with AVX-512 the
  // three builds are compared; on one with AVX2, two.
  void kernelBuildsAgreeToTheBit() {
    torch::manual_seed(7);
    const auto x = torch::rand({6, 2, 13, 11}).requires_grad_(true);
    const auto weight = torch::randn({20, 2, 3, 3}), bias = torch::randn({20});
    const auto scale = torch::rand({20}) + 0.5, shift = torch::randn({20});
    const auto block = FirstBlock::build(weight, bias, 1, scale, shift);
    QVERIFY(block);
    const auto maps = torch::randn({4, 40, 9, 7}).contiguous(torch::MemoryFormat::ChannelsLast).requires_grad_(true);
    const auto mapScale = torch::rand({40}) + 0.5, mapShift = torch::randn({40});
    nn::Linear dense(300, 21);
    const auto denseInput = torch::randn({13, 300});
    const ConvTail eluNorm{1, 1, false, TailActivation::Elu, 0.7, torch::rand({20}) + 0.5, torch::randn({20})};
    const auto winograd = WinogradConv::build(torch::randn({20, 9, 3, 3}), torch::randn({20}), eluNorm);
    const auto winogradPooled = WinogradConv::build(torch::randn({16, 24, 3, 3}), torch::randn({16}), {2, 2});
    const auto direct = FewChannelConv::build(torch::randn({20, 2, 3, 3}), torch::randn({20}), 1, eluNorm);
    QVERIFY(winograd && winogradPooled && direct);
    const auto winogradInput = torch::randn({3, 9, 7, 9}), pooledInput = torch::randn({3, 24, 9, 8});
    std::vector<torch::Tensor> first;
    QStringList builds;
    forEachKernelIsa([&](const QString& name) {
      builds << name;
      const auto y = block->forward(x), z = poolReluAffine(maps, mapScale, mapShift), r = reluAffine(maps, mapScale, mapShift);
      torch::Tensor denseOut;
      {
        torch::NoGradGuard noGrad;
        denseOut = stableLinear(*dense, denseInput);
      }
      const std::vector<torch::Tensor> results{y, inputGradient(x, y, torch::ones_like(y)), z,
                                               inputGradient(maps, z, torch::ones_like(z) * 0.3), r, denseOut,
                                               winograd->forward(winogradInput, 2), winograd->forward(winogradInput, 4),
                                               winogradPooled->forward(pooledInput, 2),
                                               winogradPooled->forward(pooledInput, 4), direct->forward(x.detach())};
      if (first.empty()) first = results;
      for (std::size_t i = 0; i < results.size(); ++i)
        QVERIFY2(torch::equal(results[i], first[i]), qPrintable(name + ": result " + QString::number(i) + " differs"));
    });
    qInfo("builds compared: %s", qPrintable(builds.join(", ")));
    QVERIFY(builds.size() >= 1);
  }

  // The Winograd pass (winograd_conv.h), and the direct one over fewer than
  // 8 input channels (few_channel_conv.h), against LibTorch's convolution and
  // the layers of its tail (max-pool, ReLU or ELU, BatchNorm's affine map):
  // with integer inputs, weights, scales and shifts every transform, product
  // and sum is exact in float, so to the bit (F(2x2) only: F(4x4)'s kernel
  // transform divides by 6 and 24); otherwise within the rounding bound of
  // both computations on the magnitudes the pass sums (M): K for the pass
  // is in + 8 with 2x2 tiles (two roundings for the input transform, one for
  // the kernel's, `in` for the sum over channels, four for the output
  // transform, one for the bias) and in + 14 with 4x4 tiles (six, one, in,
  // six, one: each of their one-dimensional transforms rounds at most three
  // times); the direct pass's M and K are the direct sum's; plus (9 in + 1)
  // for the direct sum; with a
  // tail, 6 more for the activation and the affine map, on |scale| (max(1,
  // alpha) M + alpha) + |shift| (ELU's slope is at most max(1, alpha), and its
  // exponential's error is relative to alpha). Shapes: STRIP's, odd sides (a
  // partial last tile; the floor pool drops a row and column), outputs not a
  // whole block of 16 or of a vector, few input channels; each Winograd one
  // with both tiles.
  void winogradMatchesTheConvolution_data() {
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("pooled");
    QTest::addColumn<QString>("tail");
    QTest::addColumn<bool>("integers");
    QTest::addColumn<int>("tile");
    for (const int tile : {2, 4}) {
      const auto row = [&](const char* name) -> QTestData& { return QTest::addRow("%s, %dx%d tiles", name, tile, tile); };
      row("STRIP 32 -> 32, 28x28, ELU, norm") << 32 << 32 << 28 << 28 << false << "elu norm" << false << tile;
      row("STRIP 64 -> 128, 7x7") << 64 << 128 << 7 << 7 << false << "" << false << tile;
      row("pooled 16 -> 32, 14x14, ELU 0.7, norm") << 16 << 32 << 14 << 14 << true << "elu0.7 norm" << false << tile;
      row("odd 7x9, 9 -> 20, ReLU") << 9 << 20 << 7 << 9 << false << "relu" << false << tile;
      row("pooled odd 7x7, 12 -> 13") << 12 << 13 << 7 << 7 << true << "" << false << tile;
      row("pooled odd 11x13, 8 -> 16, ReLU") << 8 << 16 << 11 << 13 << true << "relu" << false << tile;
    }
    QTest::newRow("integers 16 -> 24, 10x11, ReLU, norm") << 16 << 24 << 10 << 11 << false << "relu norm" << true << 2;
    QTest::newRow("integers pooled 8 -> 16, 9x10") << 8 << 16 << 9 << 10 << true << "" << true << 2;
    QTest::newRow("direct 1 -> 32, 28x28, ELU, norm") << 1 << 32 << 28 << 28 << false << "elu norm" << false << 0;
    QTest::newRow("direct pooled 3 -> 20, odd 9x11, ReLU, norm")
        << 3 << 20 << 9 << 11 << true << "relu norm" << false << 0;
    QTest::newRow("direct 7 -> 5, ELU 0.7") << 7 << 5 << 6 << 5 << false << "elu0.7" << false << 0;
    QTest::newRow("integers direct pooled 2 -> 16, ReLU, norm")
        << 2 << 16 << 10 << 10 << true << "relu norm" << true << 0;
  }
  void winogradMatchesTheConvolution() {
    QFETCH(int, in);
    QFETCH(int, out);
    QFETCH(int, height);
    QFETCH(int, width);
    QFETCH(bool, pooled);
    QFETCH(QString, tail);
    QFETCH(bool, integers);
    QFETCH(int, tile);
    torch::NoGradGuard noGrad;
    torch::manual_seed(13);
    const auto x = integers ? integerInputs({5, in, height, width}) : torch::randn({5, in, height, width});
    const auto weight = integers ? integerInputs({out, in, 3, 3}) : torch::randn({out, in, 3, 3});
    const auto bias = integers ? integerInputs({out}) : torch::randn({out});
    ConvTail spec;
    if (pooled) spec.poolHeight = spec.poolWidth = 2;
    const double alpha = tail.startsWith("elu0.7") ? 0.7 : 1.0;
    if (tail.startsWith("elu")) spec.activation = TailActivation::Elu, spec.eluAlpha = alpha;
    if (tail.startsWith("relu")) spec.activation = TailActivation::Relu;
    if (tail.endsWith("norm")) {
      spec.scale = integers ? integerInputs({out}) : torch::rand({out}) + 0.5;
      spec.shift = integers ? integerInputs({out}) : torch::randn({out});
    }
    const bool winograd = in >= 8;
    QCOMPARE(winogradTakes(in, 3, 1, 1, 1, 1), winograd);
    QCOMPARE(fewChannelConvTakes(in, 3, 1, 1, 1, 1), !winograd);
    torch::Tensor got;
    if (winograd) {
      const auto conv = WinogradConv::build(weight, bias, spec);
      QVERIFY(conv);
      got = conv->forward(x, tile);
    } else {
      const auto conv = FewChannelConv::build(weight, bias, 1, spec);
      QVERIFY(conv);
      got = conv->forward(x);
    }
    QVERIFY(got.is_contiguous(torch::MemoryFormat::ChannelsLast));
    auto expected = torch::conv2d(x, weight, bias, 1, 1);
    const auto absX = x.abs().to(torch::kDouble), absWeight = weight.abs().to(torch::kDouble);
    auto magnitude = winograd ? winogradMagnitudeBound(absX, absWeight, bias.abs().to(torch::kDouble), tile)
                              : torch::conv2d(absX, absWeight, bias.abs().to(torch::kDouble), 1, 1);
    const double passRoundings = !winograd ? 9.0 * in + 1 : tile == 2 ? in + 8.0 : in + 14.0;
    double roundings = passRoundings + (9.0 * in + 1);
    if (pooled) {
      expected = torch::max_pool2d(expected, 2);
      magnitude = torch::max_pool2d(magnitude, 2);
    }
    if (spec.activation == TailActivation::Elu) expected = torch::elu(expected, alpha);
    if (spec.activation == TailActivation::Relu) expected = torch::relu(expected);
    if (!tail.isEmpty()) {
      const double slope = spec.activation == TailActivation::Elu ? std::max(1.0, alpha) : 1.0;
      const double offset = spec.activation == TailActivation::Elu ? alpha : 0.0;
      magnitude = magnitude * slope + offset;
      roundings += 6;
    }
    if (spec.scale.defined()) {
      const auto view = [](const torch::Tensor& t) { return t.view({1, -1, 1, 1}); };
      expected = expected * view(spec.scale) + view(spec.shift);
      magnitude = magnitude * view(spec.scale.abs().to(torch::kDouble)) + view(spec.shift.abs().to(torch::kDouble));
    }
    QCOMPARE(got.sizes().vec(), expected.sizes().vec());
    QVERIFY(expected.abs().max().item<double>() > 1.0);
    if (integers) {
      QVERIFY2(torch::equal(got, expected), qPrintable(largestDifference(got, expected)));
      return;
    }
    QString why;
    QVERIFY2(withinBound(got, expected, RoundingBound{magnitude, roundings}, &why), qPrintable(why));
    qInfo("%s", qPrintable(why));
  }

  // The direct pass's other shapes against LibTorch's convolution, the
  // max-pool with that window and mode, and ReLU: adv_detection's first
  // block (2x2 unpadded, a 1x3 pool in ceil mode, whose last window is
  // partial), a 5x5 kernel with padding 2 under a 3x2 floor-mode pool, a 1x1
  // kernel. Integer inputs and weights: every sum is exact, so to the bit.
  void directConvMatchesItsLayers_data() {
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("padding");
    QTest::addColumn<int>("poolHeight");
    QTest::addColumn<int>("poolWidth");
    QTest::addColumn<bool>("ceil");
    QTest::newRow("adv_detection: 1 -> 64, 2x2, pool 1x3 ceil, 101x40") << 1 << 64 << 2 << 0 << 1 << 3 << true;
    QTest::newRow("3 -> 10, 5x5 padded 2, pool 3x2 floor") << 3 << 10 << 5 << 2 << 3 << 2 << false;
    QTest::newRow("2 -> 24, 1x1, pool 2x2 ceil") << 2 << 24 << 1 << 0 << 2 << 2 << true;
  }
  void directConvMatchesItsLayers() {
    QFETCH(int, in);
    QFETCH(int, out);
    QFETCH(int, kernel);
    QFETCH(int, padding);
    QFETCH(int, poolHeight);
    QFETCH(int, poolWidth);
    QFETCH(bool, ceil);
    torch::NoGradGuard noGrad;
    torch::manual_seed(17);
    const auto x = integerInputs({3, in, 101, 40});
    const auto weight = integerInputs({out, in, kernel, kernel}), bias = integerInputs({out});
    ConvTail tail{poolHeight, poolWidth, ceil, TailActivation::Relu};
    const auto conv = FewChannelConv::build(weight, bias, padding, tail);
    QVERIFY(conv);
    const auto got = conv->forward(x);
    const auto expected =
        torch::max_pool2d(torch::conv2d(x, weight, bias, 1, padding), {poolHeight, poolWidth}, {}, 0, 1, ceil).relu();
    QCOMPARE(got.sizes().vec(), expected.sizes().vec());
    QVERIFY(expected.abs().max().item<double>() > 1.0);
    QVERIFY2(torch::equal(got, expected), qPrintable(largestDifference(got, expected)));
  }

  // The exponential of the ELU tail on its own, where it is hardest: near 0,
  // where exp(x) - 1 cancels, and down to where it rounds to -1. Against
  // expm1 in double, to 2 float ulps of the result or of alpha (1e-7).
  void winogradEluIsExact() {
    torch::NoGradGuard noGrad;
    const auto x = torch::cat({torch::linspace(-1e-6, 0, 101), torch::linspace(-1, 0, 1001),
                               torch::linspace(-40, -1, 1001)}).view({1, 1, 1, -1}).expand({1, 8, 1, -1});
    // A kernel that passes its input's first channel through: the centre tap.
    auto weight = torch::zeros({1, 8, 3, 3});
    weight[0][0][1][1] = 1.0;
    const auto conv = WinogradConv::build(weight, torch::zeros({1}), {1, 1, false, TailActivation::Elu, 1.0});
    QVERIFY(conv);
    const auto got = conv->forward(x.contiguous(), 2).to(torch::kDouble).flatten();
    const auto exact = torch::special_expm1(x[0][0].to(torch::kDouble)).flatten();
    const auto error = (got - exact).abs() / (exact.abs() * 2 * std::ldexp(1.0, -24)).clamp_min(1e-7);
    QVERIFY2(error.max().item<double>() <= 1.0, qPrintable(largestDifference(got, exact)));
    qInfo("largest error %g of its bound", error.max().item<double>());
  }

  // The tile with fewer products per channel pair: STRIP's 28x28 and 14x14
  // maps (49 x 36 against 196 x 16; 16 x 36 against 49 x 16) and its 7x7 one
  // (4 x 36 against 16 x 16) take 4x4 tiles; its 7x7 map pooled to 3x3 needs
  // 4 x 36 or 9 x 16 products, a tie, and takes 2x2 tiles; so do maps one or
  // two outputs high, where a 4x4 tile is mostly edge (1 x 36 against 1 x 16).
  void winogradTileIsTheCheaper() {
    QCOMPARE(winogradTileFor(28, 28, true), 4);
    QCOMPARE(winogradTileFor(14, 14, false), 4);
    QCOMPARE(winogradTileFor(14, 14, true), 4);
    QCOMPARE(winogradTileFor(7, 7, false), 4);
    QCOMPARE(winogradTileFor(7, 7, true), 2);
    QCOMPARE(winogradTileFor(4, 4, false), 4);
    QCOMPARE(winogradTileFor(2, 2, false), 2);
    QCOMPARE(winogradTileFor(1, 40, false), 2);
  }

  // The Winograd pass takes 3x3 convolutions with stride 1, padding 1 and
  // enough input channels, the direct pass those with fewer, and no others;
  // each refuses a kernel or tail it cannot run.
  void winogradTakesItsConvolutionsOnly() {
    QVERIFY(winogradTakes(32, 3, 1, 1, 1, 1));
    QVERIFY(!winogradTakes(1, 3, 1, 1, 1, 1));
    QVERIFY(!winogradTakes(32, 2, 1, 0, 1, 1));
    QVERIFY(!winogradTakes(32, 3, 2, 1, 1, 1));
    QVERIFY(!winogradTakes(32, 3, 1, 0, 1, 1));
    QVERIFY(!winogradTakes(32, 3, 1, 1, 2, 1));
    QVERIFY(!winogradTakes(32, 3, 1, 1, 1, 2));
    QVERIFY(!WinogradConv::build(torch::randn({8, 16, 5, 5}), torch::randn({8})));
    QVERIFY(!WinogradConv::build(torch::randn({8, 16, 3, 3}).to(torch::kDouble), torch::randn({8})));
    const ConvTail shortScale{1, 1, false, TailActivation::Relu, 1.0, torch::ones({7}), torch::zeros({7})};
    QVERIFY(!WinogradConv::build(torch::randn({8, 16, 3, 3}), torch::randn({8}), shortScale));
    QVERIFY(!FewChannelConv::build(torch::randn({8, 2, 3, 3}), torch::randn({8}), 1, shortScale));
    QVERIFY(!FewChannelConv::build(torch::randn({8, 16, 3, 3}), torch::randn({8}), 1));
    QVERIFY(!FewChannelConv::build(torch::randn({8, 2, 3, 3}), torch::randn({8}), 3));
    QVERIFY(!FewChannelConv::build(torch::randn({8, 2, 9, 9}), torch::randn({8}), 0));
    QVERIFY(!FewChannelConv::build(torch::randn({8, 2, 3, 2}), torch::randn({8}), 0));
  }

  // The row-independent dense kernel (row_stable.h) computes what the layer
  // computes, within 2 K u M for fan-in K; with integer inputs and weights,
  // whose sums are exact in float, to the bit. Shapes off every block size:
  // outputs not a whole vector, inputs past one chunk, rows past one block.
  void stableLinearMatchesTheLayer() {
    torch::NoGradGuard noGrad;
    torch::manual_seed(11);
    nn::Linear dense(700, 37);
    const auto x = torch::randn({23, 700});
    const auto magnitude = torch::addmm(dense->bias.abs().to(torch::kDouble), x.abs().to(torch::kDouble),
                                        dense->weight.abs().t().to(torch::kDouble));
    QString why;
    QVERIFY2(withinBound(stableLinear(*dense, x), dense->forward(x), RoundingBound{magnitude, 701}, &why),
             qPrintable(why));
    dense->weight.copy_(torch::randint(-8, 9, dense->weight.sizes(), torch::kFloat));
    dense->bias.copy_(torch::randint(-8, 9, dense->bias.sizes(), torch::kFloat));
    const auto integers = torch::randint(-8, 9, x.sizes(), torch::kFloat);
    QVERIFY(torch::equal(stableLinear(*dense, integers), dense->forward(integers)));
    // Where gradients are recorded, the layer itself runs.
    torch::GradMode::set_enabled(true);
    QVERIFY(stableLinear(*dense, x.requires_grad_(true)).requires_grad());
  }

  // GAPLAB_KERNELS takes off, default, avx2 and avx512, and names itself in
  // its error otherwise.
  void kernelChoiceIsChecked() {
    const QByteArray saved = qgetenv("GAPLAB_KERNELS");
    qputenv("GAPLAB_KERNELS", "off");
    QCOMPARE(kernelIsa(), KernelIsa::Off);
    qputenv("GAPLAB_KERNELS", "default");
    QCOMPARE(kernelIsa(), KernelIsa::Default);
    qputenv("GAPLAB_KERNELS", "sse9");
    try {
      kernelIsa();
      QFAIL("GAPLAB_KERNELS=sse9 was accepted");
    } catch (const gaplab::Error& e) {
      QVERIFY2(QString(e.what()).contains("GAPLAB_KERNELS"), e.what());
    }
    saved.isNull() ? qunsetenv("GAPLAB_KERNELS") : qputenv("GAPLAB_KERNELS", saved);
  }

  // More than FirstBlock::kMaxInChannels input channels: not built.
  void firstBlockRefusesWideInputs() {
    const auto out = torch::ones({16});
    QVERIFY(!FirstBlock::build(torch::ones({16, FirstBlock::kMaxInChannels + 1, 3, 3}), out, 1, out, out));
    QVERIFY(FirstBlock::build(torch::ones({16, FirstBlock::kMaxInChannels, 3, 3}), out, 1, out, out));
  }

  void poolReluAffineMatchesItsLayers_data() {
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("pooled");
    QTest::addColumn<bool>("integers");
    QTest::newRow("pool, 14x14") << 14 << 14 << true << false;
    QTest::newRow("pool, odd 7x9") << 7 << 9 << true << false;
    QTest::newRow("pool, ties") << 8 << 8 << true << true;
    QTest::newRow("no pool, 7x7") << 7 << 7 << false << false;
    QTest::newRow("no pool, zeros") << 6 << 6 << false << true;
  }
  void poolReluAffineMatchesItsLayers() {
    QFETCH(int, height);
    QFETCH(int, width);
    QFETCH(bool, pooled);
    QFETCH(bool, integers);
    torch::manual_seed(7);
    const int64_t channels = 40;  // not a multiple of a vector's lanes
    auto x0 = integers ? integerInputs({5, channels, height, width}) : torch::randn({5, channels, height, width});
    const auto x = x0.contiguous(torch::MemoryFormat::ChannelsLast).requires_grad_(true);
    const auto scale = torch::rand({channels}) + 0.5, shift = torch::randn({channels});
    const auto before = pooled ? torch::max_pool2d(x, 2) : x;
    const auto layers = torch::addcmul(shift.view({1, -1, 1, 1}), before.relu(), scale.view({1, -1, 1, 1}));
    const auto fused = pooled ? poolReluAffine(x, scale, shift) : reluAffine(x, scale, shift);
    QCOMPARE(fused.sizes().vec(), layers.sizes().vec());
    // One multiply and one add per value (two roundings, or one where a
    // build fuses them): within 2 x 2u x (|x s| + |t|).
    const auto magnitude = torch::addcmul(shift.abs().view({1, -1, 1, 1}), before.detach().abs(),
                                          scale.abs().view({1, -1, 1, 1}));
    QString why;
    QVERIFY2(withinBound(fused, layers, RoundingBound{magnitude.to(torch::kDouble), 2}, &why), qPrintable(why));
    const auto direction = torch::randn_like(layers);
    const auto expected = inputGradient(x, layers, direction), got = inputGradient(x, fused, direction);
    QVERIFY2(torch::equal(got, expected), qPrintable(largestDifference(got, expected)));
    QVERIFY(expected.abs().max().item<double>() > 0.1);
  }

  // Differentiated with respect to its input (Neural Cleanse's way), the
  // rewritten trunk with its fused passes gives the trained layers' logits
  // and input gradient.
  void differentiatedTrunkMatchesTheLayers_data() {
    QTest::addColumn<Architecture>("architecture");
    QTest::addColumn<Head>("head");
    for (const auto architecture : {Architecture::Lecture, Architecture::AdvDetection, Architecture::Strip})
      for (const auto head : {Head::Fc, Head::Gap})
        QTest::newRow((toString(architecture) + " " + toString(head)).c_str()) << architecture << head;
  }
  void differentiatedTrunkMatchesTheLayers() {
    QFETCH(Architecture, architecture);
    QFETCH(Head, head);
    torch::manual_seed(7);
    const auto config = configFor(architecture, head);
    ImageNet net(config, 7);
    randomiseNorms(*net, 0.0);
    net->eval();
    const auto x = torch::rand({5, config.input.channels, config.input.height, config.input.width}).requires_grad_(true);
    const auto layers = net->forward(x), rewritten = net->inputGradientForward(x);
    const auto direction = torch::randn_like(layers);
    const auto [outputBound, gradientBound] = networkBounds(config, net, x, direction);
    QString why;
    QVERIFY2(withinBound(layers, rewritten, outputBound, &why), qPrintable(why));
    const auto expected = inputGradient(x, layers, direction), got = inputGradient(x, rewritten, direction);
    QVERIFY(expected.abs().max().item<double>() > 1e-6);
    QVERIFY2(withinBound(got, expected, gradientBound, &why), qPrintable(why));
    qInfo("%s", qPrintable(why));
  }

  // The lecture CNN's trunk: each convolution with the pool, ReLU and
  // BatchNorm after it is one pass.
  void rewritesLecture() {
    torch::manual_seed(7);
    ImageNet net(configFor(Architecture::Lecture, Head::Gap), 7);
    randomiseNorms(*net, 0.0);
    const auto impl = std::dynamic_pointer_cast<nn::SequentialImpl>(net->named_children()["trunk"]);
    QVERIFY(impl);
    nn::Sequential trunk(impl);
    trunk->eval();
    QCOMPARE(QString::fromStdString(EvalTrunk::build(trunk)->layout()),
             layoutWhereOn("direct+pool+relu+norm winograd+pool+relu+norm winograd+relu+norm",
                           "conv pool relu norm conv pool relu norm conv relu norm"));
  }

  // A training step, or any in-place change of a weight or statistic, makes
  // the next evaluation rebuild the rewritten trunk.
  void followsChangedWeights() {
    torch::manual_seed(7);
    const auto config = configFor(Architecture::AdvDetection, Head::Gap);
    ImageNet net(config, 7);
    randomiseNorms(*net, 0.0);
    const auto x = torch::rand({4, 1, 101, 40});
    const auto before = asTrainedAndRewritten(net, x);
    QString why;
    QVERIFY2(withinBound(before.first, before.second, networkBounds(config, net, x, before.first).first, &why),
             qPrintable(why));
    {
      torch::NoGradGuard noGrad;
      for (auto& module : net->modules(false))
        if (auto* norm = module->as<nn::BatchNorm2d>()) norm->running_mean.add_(0.3);
      for (auto& parameter : net->parameters()) parameter.mul_(1.1);
    }
    const auto after = asTrainedAndRewritten(net, x);
    const auto bound = networkBounds(config, net, x, after.first).first;
    QVERIFY(!withinBound(before.second, after.second, bound, &why));  // a stale trunk would give the old logits
    QVERIFY2(withinBound(after.first, after.second, bound, &why), qPrintable(why));
  }

  // A model built under InferenceMode has weights without version counters:
  // evaluating it must still work and match.
  void modelBuiltInInferenceMode() {
    torch::manual_seed(7);
    const auto config = configFor(Architecture::Lecture, Head::Gap);
    torch::InferenceMode inference;
    ImageNet net(config, 7);
    net->eval();
    const auto x = torch::rand({2, 1, 28, 28});
    const auto first = net->forward(x);
    QVERIFY(torch::equal(first, net->forward(x)));  // one path twice: the same bits
  }

  // Dropout from uniform samples: a share p of zeros, survivors scaled by
  // 1 / (1 - p), the gradient masked the same way, the identity in eval mode.
  void uniformDropoutIsDropout() {
    torch::manual_seed(7);
    auto stream = makeRandomStream(7);
    const double p = 0.3;
    const auto x = torch::ones({100, 32, 16, 16}).contiguous(torch::MemoryFormat::ChannelsLast).requires_grad_(true);
    const auto y = uniformDropout(x, p, true, stream);
    QVERIFY(y.is_contiguous(torch::MemoryFormat::ChannelsLast));
    const double zeroShare = y.eq(0).to(torch::kDouble).mean().item<double>();
    QVERIFY2(std::abs(zeroShare - p) < 0.005, qPrintable(QString("zeros: %1").arg(zeroShare)));
    const auto kept = y.masked_select(y.ne(0));
    QVERIFY(torch::allclose(kept, torch::full_like(kept, 1.0 / (1.0 - p))));
    y.sum().backward();
    QVERIFY(torch::equal(x.grad(), y.detach()));
    QVERIFY(torch::equal(uniformDropout(x, p, false, stream), x));
    UniformDropout module(p);
    module->eval();
    QVERIFY(torch::equal(module->forward(x), x));
  }

  // conv1d's features and kim_cnn's branches against torch's Conv1d applied
  // to the transposed embedding, in training mode (with gradients) too.
  void textConvolutionsAreConv1d() {
    torch::manual_seed(7);
    const auto ids = torch::randint(0, 50, {3, 40}, torch::kLong);
    TextNet conv1d(TextModelConfig{Architecture::Conv1d, Head::Gap, 50, 40}, 7);
    const auto embedded = conv1d->embed(ids);
    auto& convModule = *conv1d->named_children()["conv"]->as<nn::Conv1d>();
    const auto expected = torch::max_pool1d(torch::relu(convModule.forward(embedded.transpose(1, 2))), 2);
    const auto features = conv1d->conv1dFeatures(embedded);
    QString why;
    QVERIFY2(withinBound(features, expected, conv1dBound(convModule, embedded, true), &why), qPrintable(why));
    QVERIFY(expected.abs().max().item<double>() > 1e-3);

    TextNet kim(TextModelConfig{Architecture::KimCnn, Head::Gap, 50, 40}, 7);
    const auto kimEmbedded = kim->embed(ids);
    const auto branches = kim->kimBranches(kimEmbedded);
    QCOMPARE(int(branches.size()), 3);
    for (int i = 0; i < 3; ++i) {
      const auto name = "conv" + std::to_string(3 + i);
      auto& conv = *kim->named_children()[name]->as<nn::Conv1d>();
      QVERIFY2(withinBound(branches[i], torch::relu(conv.forward(kimEmbedded.transpose(1, 2))),
                           conv1dBound(conv, kimEmbedded, false), &why),
               qPrintable(why));
    }
  }

  // Each training owns its random streams: initialisation, shuffling and
  // dropout masks ignore LibTorch's global generator, which other threads
  // (checkpoint loads, maps) may seed or advance at any time.
  void trainingIgnoresTheGlobalGenerator_data() {
    QTest::addColumn<Architecture>("architecture");
    QTest::newRow("strip (dropout in the trunk)") << Architecture::Strip;
    QTest::newRow("trojaning_attacks (dropout in the head)") << Architecture::TrojaningAttacks;
  }
  void trainingIgnoresTheGlobalGenerator() {
    QFETCH(Architecture, architecture);
    const auto config = configFor(architecture, Head::Fc);
    torch::manual_seed(11);
    const auto x = torch::rand({48, 1, 28, 28});
    const auto y = torch::randint(0, 10, {48}, torch::kLong);
    TrainingConfig training;
    training.epochs = 2;
    training.batchSize = 16;
    training.patience = 0;
    const auto trainOnce = [&](std::uint64_t globalSeed, std::uint64_t seed) {
      torch::manual_seed(globalSeed);
      ImageNet net(config, seed);
      torch::rand({static_cast<int64_t>(globalSeed)});  // another thread's draw
      training.seed = seed;
      trainClassifier(*net, x, y, {}, {}, training, {}, nullptr);
      return weightsFingerprint(*net);
    };
    const auto first = trainOnce(1, 5);
    QCOMPARE(trainOnce(2, 5), first);
    QVERIFY(trainOnce(1, 6) != first);  // the training's own seed does matter
  }

  // The stream is the network's: two networks built from one seed give the
  // same dropout masks, whatever was drawn in between.
  void dropoutDrawsFromTheNetworksStream() {
    const auto config = configFor(Architecture::Strip, Head::Gap);
    ImageNet a(config, 3), b(config, 3);
    a->reseedRandomStream(9);
    b->reseedRandomStream(9);
    a->train();
    b->train();
    torch::manual_seed(1);
    const auto x = torch::rand({2, 1, 28, 28});
    const auto outA = a->forward(x);
    torch::rand({1000});
    QVERIFY(torch::equal(outA, b->forward(x)));
    QVERIFY(!torch::equal(outA, a->forward(x)));  // the next mask differs
  }
};

QTEST_APPLESS_MAIN(TestFastPaths)
#include "tst_fast_paths.moc"
