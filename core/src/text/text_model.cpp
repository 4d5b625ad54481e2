// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/text_model.h"

#include "gaplab/error.h"
#include "image_set_impl.h"
#include "text_model_impl.h"
#include "text_set_impl.h"

namespace gaplab {

namespace {

torch::Tensor idsTensor(const TextModelConfig& config, const std::vector<std::int64_t>& ids) {
  if (static_cast<int>(ids.size()) != config.sequenceLength)
    throw Error("got " + std::to_string(ids.size()) + " token ids, the model reads " +
                std::to_string(config.sequenceLength));
  for (auto id : ids)
    if (id < 0 || id >= config.vocabularySize)
      throw Error("token id " + std::to_string(id) + " is outside the vocabulary of " +
                  std::to_string(config.vocabularySize));
  return torch::tensor(ids, torch::kLong).view({1, -1});
}

std::vector<float> toFloats(const torch::Tensor& t) {
  const auto c = t.contiguous().to(torch::kFloat32);
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

// Spreads a value per feature position over the tokens that position reads.
void spread(torch::Tensor& tokens, int64_t first, int64_t count, double value) {
  const auto last = std::min<int64_t>(first + count, tokens.size(0));
  for (int64_t t = first; t < last; ++t) tokens[t] += value / static_cast<double>(count);
}

}  // namespace

TextModel::TextModel(const TextModelConfig& config, std::uint64_t seed)
    : impl_(std::make_unique<Impl>(Impl{config, TextNet(config, seed)})) {}
TextModel::TextModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextModel::~TextModel() = default;
TextModel::TextModel(TextModel&&) noexcept = default;
TextModel& TextModel::operator=(TextModel&&) noexcept = default;

const TextModelConfig& TextModel::config() const { return impl_->config; }
TextModel::Impl& TextModel::impl() { return *impl_; }
std::uint64_t TextModel::weightsFingerprint() const { return gaplab::weightsFingerprint(*impl_->net); }
const TextModel::Impl& TextModel::impl() const { return *impl_; }

std::vector<int> TextModel::predict(const TextSet& texts) const {
  if (texts.size() > 0 && texts.sequenceLength() != impl_->config.sequenceLength)
    throw Error("texts have " + std::to_string(texts.sequenceLength()) + " tokens, the model reads " +
                std::to_string(impl_->config.sequenceLength));
  return toIntVector(predictClasses(*impl_->net, idsOf(texts)));
}

float TextModel::logit(const std::vector<std::int64_t>& ids) const {
  impl_->net->eval();
  torch::InferenceMode inference;
  return impl_->net->forward(idsTensor(impl_->config, ids)).item<float>();
}

float TextModel::outputBias() const {
  torch::NoGradGuard noGrad;
  return impl_->net->output()->bias[0].item<float>();
}

std::vector<float> TextModel::relevance(const std::vector<std::int64_t>& ids) const {
  auto& net = *impl_->net;
  const auto& config = impl_->config;
  net.eval();
  const auto input = idsTensor(config, ids);
  const auto embedded = net.embed(input).detach();
  auto perToken = torch::zeros({config.sequenceLength}, torch::kDouble);

  if (config.head == Head::Gap && config.architecture == Architecture::KimCnn) {
    // logit = sum_f w_f * mean_b max_t c_bf[t] + bias: credit each maximum to its window.
    torch::NoGradGuard noGrad;
    const auto weights = net.output()->weight[0];
    const auto branches = net.kimBranches(embedded);
    for (std::size_t b = 0; b < branches.size(); ++b) {
      const auto [values, where] = branches[b][0].max(1);  // per filter
      const int64_t height = 3 + static_cast<int64_t>(b);
      for (int64_t f = 0; f < values.size(0); ++f)
        spread(perToken, where[f].item<int64_t>(), height,
               weights[f].item<double>() * values[f].item<double>() / static_cast<double>(branches.size()));
    }
  } else if (config.head == Head::Gap && config.architecture == Architecture::Conv1d) {
    // CAM through a non-linear head: weights = d logit / d pooled features.
    torch::Tensor features;
    {
      torch::NoGradGuard noGrad;
      features = net.conv1dFeatures(embedded)[0];  // [K, T']
    }
    const auto pooled = features.mean(1).unsqueeze(0).requires_grad_(true);
    const auto logit = net.conv1dAfterPooling(pooled)[0][0];
    const auto weights = torch::autograd::grad({logit}, {pooled})[0][0];  // [K]
    torch::NoGradGuard noGrad;
    const auto perStep = (weights.view({-1, 1}) * features).sum(0) / static_cast<double>(features.size(1));
    for (int64_t s = 0; s < perStep.size(0); ++s) spread(perToken, 2 * s, 4, perStep[s].item<double>());  // conv k3 on pooled pairs
  } else {
    // Gradient x input on the embeddings. For tf_tutorial's linear GAP head
    // this is exactly each token's contribution w . e_t / L.
    const auto leaf = embedded.clone().requires_grad_(true);
    const auto logit = net.fromEmbedding(leaf)[0][0];
    const auto gradient = torch::autograd::grad({logit}, {leaf})[0][0];  // [L, D]
    torch::NoGradGuard noGrad;
    perToken = (gradient * leaf[0]).sum(1).to(torch::kDouble);
  }
  return toFloats(perToken);
}

TrainingResult trainTextModel(TextModel& model, const TextSet& train, const TextSet& validation,
                              const TrainingConfig& config, const TrainingCallbacks& callbacks,
                              const std::atomic<bool>* stop) {
  const int length = model.config().sequenceLength;
  if (train.size() > 0 && train.sequenceLength() != length)
    throw Error("training texts have " + std::to_string(train.sequenceLength()) + " tokens, the model reads " +
                std::to_string(length));
  return trainClassifier(*model.impl().net, idsOf(train), textLabelsOf(train), idsOf(validation),
                         textLabelsOf(validation), config, callbacks, stop);
}

}  // namespace gaplab
