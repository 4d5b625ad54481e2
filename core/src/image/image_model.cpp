// SPDX-License-Identifier: GPL-3.0-or-later
#include "image_model_impl.h"

#include "gaplab/error.h"
#include "image_set_impl.h"

namespace gaplab {

namespace {

torch::Tensor singleImage(const ModelConfig& config, const std::vector<float>& chw) {
  const auto& s = config.input;
  if (chw.size() != static_cast<std::size_t>(s.pixels()))
    throw Error("image holds " + std::to_string(chw.size()) + " values, the model expects " +
                std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width));
  return torch::from_blob(const_cast<float*>(chw.data()), {1, s.channels, s.height, s.width}).clone();
}

std::vector<float> toVector(const torch::Tensor& t) {
  const auto c = t.contiguous().to(torch::kFloat32);
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

}  // namespace

ImageModel::ImageModel(const ModelConfig& config, std::uint64_t seed)
    : impl_(std::make_unique<Impl>(Impl{config, ImageNet(config, seed)})) {}
ImageModel::ImageModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ImageModel::~ImageModel() = default;
ImageModel::ImageModel(ImageModel&&) noexcept = default;
ImageModel& ImageModel::operator=(ImageModel&&) noexcept = default;

const ModelConfig& ImageModel::config() const { return impl_->config; }
ImageModel::Impl& ImageModel::impl() { return *impl_; }
std::uint64_t ImageModel::weightsFingerprint() const { return gaplab::weightsFingerprint(*impl_->net); }
const ImageModel::Impl& ImageModel::impl() const { return *impl_; }

std::int64_t ImageModel::parameterCount() const {
  std::int64_t count = 0;
  for (const auto& p : impl_->net->parameters()) count += p.numel();
  return count;
}

std::vector<int> ImageModel::predict(const ImageSet& images) const {
  if (images.size() > 0 && !(images.shape() == impl_->config.input))
    throw Error("images are " + std::to_string(images.shape().channels) + "x" + std::to_string(images.shape().height) +
                "x" + std::to_string(images.shape().width) + ", the model expects " +
                std::to_string(impl_->config.input.channels) + "x" + std::to_string(impl_->config.input.height) + "x" +
                std::to_string(impl_->config.input.width));
  return toIntVector(predictClasses(*impl_->net, imagesOf(images)));
}

std::vector<float> ImageModel::logits(const std::vector<float>& chw) const {
  impl_->net->eval();
  torch::InferenceMode inference;
  return toVector(impl_->net->forward(singleImage(impl_->config, chw))[0]);
}

std::vector<float> ImageModel::probabilities(const std::vector<float>& chw) const {
  impl_->net->eval();
  torch::InferenceMode inference;
  return toVector(torch::softmax(impl_->net->forward(singleImage(impl_->config, chw))[0], 0));
}

FeatureMaps ImageModel::lastFeatureMaps(const std::vector<float>& chw) const {
  impl_->net->eval();
  torch::InferenceMode inference;
  const auto maps = impl_->net->features(singleImage(impl_->config, chw))[0];
  return {static_cast<int>(maps.size(0)), static_cast<int>(maps.size(1)), static_cast<int>(maps.size(2)),
          toVector(maps)};
}

std::vector<float> ImageModel::headWeights(int cls) const {
  if (impl_->config.head != Head::Gap || !impl_->net->linearHead())
    throw Error("head weights per feature channel exist only for GAP heads followed directly by the classifier");
  if (cls < 0 || cls >= impl_->config.classes) throw Error("class " + std::to_string(cls) + " does not exist");
  torch::NoGradGuard noGrad;
  return toVector(impl_->net->classifier()->weight[cls]);
}

float ImageModel::headBias(int cls) const {
  if (cls < 0 || cls >= impl_->config.classes) throw Error("class " + std::to_string(cls) + " does not exist");
  torch::NoGradGuard noGrad;
  return impl_->net->classifier()->bias[cls].item<float>();
}

Heatmap ImageModel::classActivationMap(const std::vector<float>& chw, int cls) const {
  if (cls < 0 || cls >= impl_->config.classes) throw Error("class " + std::to_string(cls) + " does not exist");
  auto& net = impl_->net;
  net->eval();
  const auto input = singleImage(impl_->config, chw);
  torch::Tensor map;
  if (impl_->config.head == Head::Gap && !net->linearHead()) {
    // GAP followed by dense layers: weigh each channel by d logit / d pooled value.
    torch::Tensor maps;
    {
      torch::NoGradGuard noGrad;
      maps = net->features(input)[0];
    }
    const auto pooled = maps.mean({1, 2}).unsqueeze(0).requires_grad_(true);
    const auto logit = net->afterPooling(pooled)[0][cls];
    const auto weights = torch::autograd::grad({logit}, {pooled})[0][0];
    torch::NoGradGuard noGrad;
    map = (weights.view({-1, 1, 1}) * maps).sum(0);
  } else if (impl_->config.head == Head::Gap) {
    // CAM: the class's head weights applied to each location of the last maps.
    torch::NoGradGuard noGrad;
    const auto maps = net->features(input)[0];                   // [K, h, w]
    const auto weights = net->classifier()->weight[cls];         // [K]
    map = (weights.view({-1, 1, 1}) * maps).sum(0);
  } else {
    // Grad-CAM: channel weights = spatial mean of d logit / d maps; ReLU of the weighted sum.
    const auto maps = net->features(input).detach().requires_grad_(true);
    const auto logit = net->head(maps)[0][cls];
    const auto gradient = torch::autograd::grad({logit}, {maps})[0][0];  // [K, h, w]
    torch::NoGradGuard noGrad;
    const auto weights = gradient.mean({1, 2});
    map = torch::relu((weights.view({-1, 1, 1}) * maps[0]).sum(0));
  }
  return {static_cast<int>(map.size(0)), static_cast<int>(map.size(1)), toVector(map)};
}

}  // namespace gaplab
