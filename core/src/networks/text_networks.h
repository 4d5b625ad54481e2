// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: the paper's three text models, each with an FC or GAP head.
#include <torch/torch.h>

#include <optional>
#include <vector>

#include "classifier.h"
#include "gaplab/text_model.h"

namespace gaplab {

class TextNetImpl : public ClassifierImpl {
public:
  // With `initSeed`, Keras-style initial weights from that seed; without, the
  // weights are LibTorch's defaults, to be overwritten (a checkpoint loads).
  TextNetImpl(const TextModelConfig& config, std::optional<std::uint64_t> initSeed);

  torch::Tensor forward(const torch::Tensor& ids) override { return fromEmbedding(embed(ids)); }
  std::vector<torch::Tensor> l2Weights() const override;

  torch::Tensor embed(const torch::Tensor& ids) { return embedding_->forward(ids); }  // [N, L, D]
  const torch::nn::Embedding& embedding() const { return embedding_; }
  torch::Tensor fromEmbedding(const torch::Tensor& embedded);                       // -> [N, 1]
  // What the output layer sees (the defences' representation before the head).
  torch::Tensor representationFromEmbedding(const torch::Tensor& embedded);

  // conv1d: per-position features [N, K, T'] (after ReLU and max-pool), and the rest.
  torch::Tensor conv1dFeatures(const torch::Tensor& embedded);
  torch::Tensor conv1dAfterPooling(const torch::Tensor& pooled);  // [N, K] (GAP) or [N, K*T'] (FC) -> [N, 1]
  // kim_cnn: each branch's conv output [N, F, L - k + 1] after ReLU, k = 3, 4, 5.
  std::vector<torch::Tensor> kimBranches(const torch::Tensor& embedded);
  const torch::nn::Linear& output() const { return output_; }
  const TextModelConfig& config() const { return config_; }

private:
  TextModelConfig config_;
  torch::nn::Embedding embedding_{nullptr};
  torch::nn::Linear hidden_{nullptr};  // tf_tutorial FC: dense 16; conv1d: dense 32
  torch::nn::Conv1d conv_{nullptr};    // conv1d
  std::vector<torch::nn::Conv1d> kimConvs_;
  torch::nn::Linear output_{nullptr};
};
TORCH_MODULE(TextNet);

}  // namespace gaplab
