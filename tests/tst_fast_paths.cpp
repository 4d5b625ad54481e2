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
#include "image_networks.h"
#include "text_networks.h"
#include "uniform_dropout.h"

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

bool same(const torch::Tensor& a, const torch::Tensor& b) {
  return a.sizes() == b.sizes() && torch::allclose(a, b, 1e-4, 1e-4);
}

ModelConfig configFor(Architecture architecture, Head head) {
  const ImageShape shape = architecture == Architecture::AdvDetection ? ImageShape{1, 101, 40} : ImageShape{1, 28, 28};
  return {architecture, head, shape, 10};
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
    QVERIFY2(same(trained, rewritten),
             qPrintable(QString("largest difference %1").arg((trained - rewritten).abs().max().item<double>())));
    // The logits are not constant: the comparison could fail.
    QVERIFY(trained.std().item<double>() > 1e-3);
  }

  // What the rewrite does to adv_detection's layers: pools move first, each
  // BatchNorm but the last folds into the next (unpadded) convolution,
  // dropout goes. A negative scale in the first BatchNorm keeps that block.
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
             QString("conv pool relu conv pool relu conv pool relu norm"));
    {
      torch::NoGradGuard noGrad;
      trunk[2]->as<nn::BatchNorm2d>()->weight[3].fill_(-0.5);
    }
    QCOMPARE(QString::fromStdString(EvalTrunk::build(trunk)->layout()),
             QString("conv relu norm pool conv pool relu conv pool relu norm"));
  }

  // STRIP's convolutions are padded, so their BatchNorms stay; the pool of
  // each stage moves in front of the second ELU and BatchNorm.
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
             stage + " " + stage + " " + stage);
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
    QVERIFY(same(before.first, before.second));
    {
      torch::NoGradGuard noGrad;
      for (auto& module : net->modules(false))
        if (auto* norm = module->as<nn::BatchNorm2d>()) norm->running_mean.add_(0.3);
      for (auto& parameter : net->parameters()) parameter.mul_(1.1);
    }
    const auto after = asTrainedAndRewritten(net, x);
    QVERIFY(!same(before.second, after.second));
    QVERIFY(same(after.first, after.second));
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
    QVERIFY(same(first, net->forward(x)));
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
    QVERIFY(same(features, expected));
    QVERIFY(expected.abs().max().item<double>() > 1e-3);

    TextNet kim(TextModelConfig{Architecture::KimCnn, Head::Gap, 50, 40}, 7);
    const auto kimEmbedded = kim->embed(ids);
    const auto branches = kim->kimBranches(kimEmbedded);
    QCOMPARE(int(branches.size()), 3);
    for (int i = 0; i < 3; ++i) {
      const auto name = "conv" + std::to_string(3 + i);
      auto& conv = *kim->named_children()[name]->as<nn::Conv1d>();
      QVERIFY(same(branches[i], torch::relu(conv.forward(kimEmbedded.transpose(1, 2)))));
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
