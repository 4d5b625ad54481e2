// SPDX-License-Identifier: GPL-3.0-or-later
#include "image_networks.h"

#include "deployed_trunks.h"
#include "row_stable.h"
#include "uniform_dropout.h"
#include "gaplab/error.h"

namespace gaplab {

namespace nn = torch::nn;

namespace {

nn::Conv2d sameConv(int64_t in, int64_t out) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1));
}

// Keras' BatchNormalization defaults (momentum 0.99, epsilon 1e-3) in PyTorch terms.
nn::BatchNorm2d kerasBatchNorm(int64_t channels) {
  return nn::BatchNorm2d(nn::BatchNorm2dOptions(channels).momentum(0.01).eps(1e-3));
}

// Activations in place: their input, a convolution's output, is not needed for
// the backward pass, so one full-size tensor per layer is neither allocated
// nor written. (Within the noise of tests/bench on its own; kept because it
// only removes work.)
nn::ELU inPlaceElu() { return nn::ELU(nn::ELUOptions().inplace(true)); }
nn::ReLU inPlaceRelu() { return nn::ReLU(nn::ReLUOptions(true)); }

// The paper's STRIP CNN: three stages of (conv 3x3 -> ELU -> BN) x 2 -> max-pool 2 -> dropout.
nn::Sequential stripTrunk(int64_t inChannels) {
  nn::Sequential trunk;
  const int64_t widths[3] = {32, 64, 128};
  const double dropouts[3] = {0.2, 0.3, 0.4};
  int64_t in = inChannels;
  for (int stage = 0; stage < 3; ++stage) {
    for (int conv = 0; conv < 2; ++conv) {
      trunk->push_back(sameConv(conv == 0 ? in : widths[stage], widths[stage]));
      trunk->push_back(inPlaceElu());
      trunk->push_back(kerasBatchNorm(widths[stage]));
    }
    trunk->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2)));
    trunk->push_back(UniformDropout(dropouts[stage]));
    in = widths[stage];
  }
  return trunk;
}

// Small and fast for live demos: conv 16 -> pool -> conv 32 -> pool -> conv 64,
// each conv followed by ReLU and BN. A 28x28 input keeps 7x7 maps for the CAM.
nn::Sequential lectureTrunk(int64_t inChannels) {
  nn::Sequential trunk;
  trunk->push_back(sameConv(inChannels, 16));
  trunk->push_back(inPlaceRelu());
  trunk->push_back(nn::BatchNorm2d(16));
  trunk->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2)));
  trunk->push_back(sameConv(16, 32));
  trunk->push_back(inPlaceRelu());
  trunk->push_back(nn::BatchNorm2d(32));
  trunk->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2)));
  trunk->push_back(sameConv(32, 64));
  trunk->push_back(inPlaceRelu());
  trunk->push_back(nn::BatchNorm2d(64));
  return trunk;
}

nn::MaxPool2d ceilPool(int64_t h, int64_t w) {
  // Keras' MaxPooling2D(padding="same") keeps a partial window at the end.
  return nn::MaxPool2d(nn::MaxPool2dOptions({h, w}).ceil_mode(true));
}

// "adv_detection" (the paper's sound model): three (conv 2x2 valid, ReLU, BN,
// max-pool "same") blocks with 64, 64, 32 filters, then dropout 0.4.
nn::Sequential advDetectionTrunk(int64_t inChannels) {
  nn::Sequential trunk;
  const int64_t widths[3] = {64, 64, 32};
  const int64_t poolWidths[3] = {3, 2, 2};
  const int64_t poolHeights[3] = {1, 2, 2};
  int64_t in = inChannels;
  for (int i = 0; i < 3; ++i) {
    trunk->push_back(nn::Conv2d(nn::Conv2dOptions(in, widths[i], 2)));
    trunk->push_back(inPlaceRelu());
    trunk->push_back(kerasBatchNorm(widths[i]));
    trunk->push_back(ceilPool(poolHeights[i], poolWidths[i]));
    in = widths[i];
  }
  trunk->push_back(UniformDropout(0.4));
  return trunk;
}

// "trojaning_attacks" (AlexNet-like): conv 96 -> pool 2 -> conv 256 -> pool 2 ->
// conv 384, 384, 256 with ReLU -> max-pool 3x3 stride 2. The first two convs
// have no activation, as in the authors' model.
nn::Sequential trojaningTrunk(int64_t inChannels) {
  nn::Sequential trunk;
  trunk->push_back(sameConv(inChannels, 96));
  trunk->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2)));
  trunk->push_back(sameConv(96, 256));
  trunk->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2)));
  trunk->push_back(sameConv(256, 384));
  trunk->push_back(inPlaceRelu());
  trunk->push_back(sameConv(384, 384));
  trunk->push_back(inPlaceRelu());
  trunk->push_back(sameConv(384, 256));
  trunk->push_back(inPlaceRelu());
  trunk->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2)));
  return trunk;
}

// The smallest input side each trunk leaves a feature map of at least 1x1.
int minimumInputSide(Architecture arch) {
  switch (arch) {
    case Architecture::Strip: return 8;
    case Architecture::TrojaningAttacks: return 12;
    case Architecture::AdvDetection: return 8;
    case Architecture::Vgg11Bn: return 16;
    case Architecture::PreactResnet18:
    case Architecture::MobilenetV2: return 8;
    default: return 4;
  }
}

nn::Sequential trunkFor(Architecture arch, int64_t inChannels) {
  switch (arch) {
    case Architecture::Strip: return stripTrunk(inChannels);
    case Architecture::AdvDetection: return advDetectionTrunk(inChannels);
    case Architecture::TrojaningAttacks: return trojaningTrunk(inChannels);
    case Architecture::Resnet20: return resnet20Trunk(inChannels);
    case Architecture::PreactResnet18: return preactResnet18Trunk(inChannels);
    case Architecture::Vgg11Bn: return vgg11BnTrunk(inChannels);
    case Architecture::MobilenetV2: return mobilenetV2Trunk(inChannels);
    default: return lectureTrunk(inChannels);
  }
}

// The layers between pooling and the classifier, and the classifier's input width.
std::pair<nn::Sequential, int64_t> hiddenFor(Architecture arch, Head head, int64_t pooledWidth) {
  nn::Sequential hidden;
  const bool fc = head == Head::Fc;
  switch (arch) {
    case Architecture::AdvDetection:
      if (fc) {
        hidden->push_back(nn::Linear(pooledWidth, 128));
        hidden->push_back(nn::ReLU());
      }
      hidden->push_back(UniformDropout(0.5));
      return {hidden, fc ? 128 : pooledWidth};
    case Architecture::TrojaningAttacks:
      if (fc) {
        hidden->push_back(nn::Linear(pooledWidth, 256));
        hidden->push_back(nn::ReLU());
        hidden->push_back(UniformDropout(0.3));
      }
      hidden->push_back(nn::Linear(fc ? 256 : pooledWidth, 128));
      hidden->push_back(nn::ReLU());
      hidden->push_back(UniformDropout(0.2));
      return {hidden, 128};
    case Architecture::Vgg11Bn:
      // VGG's classic dense layers, scaled to a small input: 512 wide, not 4096.
      if (!fc) return {hidden, pooledWidth};
      for (const int64_t in : {pooledWidth, int64_t{512}}) {
        hidden->push_back(nn::Linear(in, 512));
        hidden->push_back(nn::ReLU());
        hidden->push_back(UniformDropout(0.5));
      }
      return {hidden, 512};
    default: return {hidden, pooledWidth};
  }
}

}  // namespace

ImageNetImpl::ImageNetImpl(const ModelConfig& config, std::optional<std::uint64_t> initSeed) : config_(config) {
  if (isTextArchitecture(config.architecture))  // text models are TextNetImpl
    throw Error("'" + toString(config.architecture) + "' is a text model, not an image model");
  const auto& in = config.input;
  if (in.channels <= 0 || in.height <= 0 || in.width <= 0)
    throw Error("model input shape must be positive");
  if (config.classes < 2) throw Error("a classifier needs at least 2 classes, got " + std::to_string(config.classes));
  const int minSide = minimumInputSide(config.architecture);
  if (in.height < minSide || in.width < minSide)
    throw Error("input of " + std::to_string(in.width) + "x" + std::to_string(in.height) + " is too small for the " +
                toString(config.architecture) + " model (needs at least " + std::to_string(minSide) + "x" +
                std::to_string(minSide) + ")");
  trunk_ = register_module("trunk", trunkFor(config.architecture, in.channels));
  {
    torch::NoGradGuard noGrad;
    trunk_->eval();
    const auto probe = trunk_->forward(torch::zeros({1, in.channels, in.height, in.width}));
    trunk_->train();
    featureShape_ = {probe.size(1), probe.size(2), probe.size(3)};
  }
  const int64_t headInputs =
      config.head == Head::Gap ? featureShape_[0] : featureShape_[0] * featureShape_[1] * featureShape_[2];
  auto [hidden, classifierInputs] = hiddenFor(config.architecture, config.head, headInputs);
  hidden_ = register_module("hidden", hidden);
  for (const auto& module : hidden_->modules(false)) linearHead_ = linearHead_ && !module->as<nn::Linear>();
  classifier_ = register_module("classifier", nn::Linear(classifierInputs, config.classes));

  shareRandomStreamWithLayers();
  // Keras initialisation (Glorot uniform kernels, zero biases), as in the paper's code.
  if (initSeed) {
    reseedRandomStream(streamSeed(*initSeed, RandomStream::Initialisation));
    initialiseKerasStyle();
  }
  torch::NoGradGuard noGrad;
  // Channels-last weights make every convolution's activations channels-last
  // (tests/bench, training: STRIP 1.2x, adv_detection 1.4x faster than NCHW).
  for (auto& parameter : parameters())
    if (parameter.dim() == 4) parameter.set_data(channelsLastCopy(parameter));
}

std::shared_ptr<const EvalTrunk> ImageNetImpl::evalTrunk() {
  const std::lock_guard<std::mutex> lock(evalTrunkMutex_);
  if (!evalTrunk_ || !evalTrunk_->builtFrom(trunk_)) {
    auto built = EvalTrunk::build(trunk_);
    evalTrunk_ = built ? std::make_shared<const EvalTrunk>(std::move(*built)) : nullptr;
  }
  return evalTrunk_;
}

torch::Tensor ImageNetImpl::features(const torch::Tensor& x) {
  if (is_training() || torch::GradMode::is_enabled()) return trunk_->forward(x);
  const auto trunk = evalTrunk();
  return withBatchOfTwoOrMore(x, [&](const torch::Tensor& batch) {
    return trunk ? trunk->forward(batch) : trunk_->forward(batch);
  });
}

torch::Tensor ImageNetImpl::inputGradientForward(const torch::Tensor& x) {
  if (is_training()) return forward(x);
  const auto trunk = evalTrunk();
  return head(trunk ? trunk->forward(x) : trunk_->forward(x));
}

torch::Tensor ImageNetImpl::pooled(const torch::Tensor& maps) const {
  return config_.head == Head::Gap ? maps.mean({2, 3}) : maps.flatten(1);
}

torch::Tensor ImageNetImpl::afterPooling(const torch::Tensor& pooledMaps) {
  return stableLinear(*classifier_, hidden_->is_empty() ? pooledMaps : stableSequential(*hidden_, pooledMaps));
}

torch::Tensor ImageNetImpl::representation(const torch::Tensor& x) {
  const auto p = pooled(features(x));
  return hidden_->is_empty() ? p : stableSequential(*hidden_, p);
}

torch::Tensor ImageNetImpl::head(const torch::Tensor& maps) { return afterPooling(pooled(maps)); }

std::vector<torch::Tensor> ImageNetImpl::convKernels() const {
  std::vector<torch::Tensor> kernels;
  for (const auto& module : trunk_->modules(false))
    if (const auto* conv = module->as<nn::Conv2d>()) kernels.push_back(conv->weight);
  return kernels;
}

}  // namespace gaplab
