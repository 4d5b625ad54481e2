// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: the LibTorch modules behind ImageModel.
#include <torch/torch.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "classifier.h"
#include "eval_trunk.h"
#include "gaplab/image_model.h"

namespace gaplab {

// features(x) gives the last feature maps [N, K, h, w]; head() turns them into
// logits: flatten -> linear (FC) or global average pool -> linear (GAP).
class ImageNetImpl : public ClassifierImpl {
public:
  // With `initSeed`, Keras-style initial weights from that seed; without, the
  // weights are LibTorch's defaults, to be overwritten (a checkpoint loads).
  ImageNetImpl(const ModelConfig& config, std::optional<std::uint64_t> initSeed);

  torch::Tensor forward(const torch::Tensor& x) override { return head(features(x)); }
  std::vector<torch::Tensor> l2Weights() const override { return convKernels(); }
  // 64 images of 28x28; proportionally fewer of larger inputs (MFCC images are
  // 101x40), so that a batch's activations stay about the same size.
  int64_t inferenceBatch() const override {
    const auto pixels = int64_t{config_.input.height} * config_.input.width;
    return std::clamp<int64_t>(64 * 784 / std::max<int64_t>(pixels, 1), 8, 64);
  }
  // The last feature maps. Without gradients in eval mode they come from the
  // rewritten trunk (EvalTrunk: pools first, BatchNorm folded), otherwise
  // from the layers as trained.
  torch::Tensor features(const torch::Tensor& x);
  // Logits of the model in eval mode through the rewritten trunk, with or
  // without gradients: what the defences optimise inputs through (the
  // weights stay fixed; 1.4x faster per Neural Cleanse update than the
  // layers as trained, tests/bench).
  torch::Tensor inputGradientForward(const torch::Tensor& x);
  torch::Tensor head(const torch::Tensor& maps);

  const torch::nn::Linear& classifier() const { return classifier_; }
  // True when the classifier follows the pooling directly (dropout aside): then
  // CAM is exact. Otherwise class maps weigh channels by d logit / d pooled.
  bool linearHead() const { return linearHead_; }
  torch::Tensor pooled(const torch::Tensor& maps) const;  // GAP or flatten
  torch::Tensor afterPooling(const torch::Tensor& pooled);
  // What the classifier sees: pooled maps through any hidden dense layers
  // (the defences' representation before the head).
  torch::Tensor representation(const torch::Tensor& x);
  // Conv kernels, the weights the paper's L2 penalty applies to.
  std::vector<torch::Tensor> convKernels() const;
  // Shape of features() for one input: {K, h, w}.
  std::vector<int64_t> featureShape() const { return featureShape_; }

private:
  ModelConfig config_;
  torch::nn::Sequential trunk_{nullptr};
  torch::nn::Sequential hidden_{nullptr};  // dense layers and dropout between pooling and classifier
  torch::nn::Linear classifier_{nullptr};
  std::vector<int64_t> featureShape_;
  bool linearHead_ = true;
  std::shared_ptr<const EvalTrunk> evalTrunk();  // built on first use and after any change of the weights
  std::mutex evalTrunkMutex_;  // the model may be evaluated from two threads
  std::shared_ptr<const EvalTrunk> evalTrunk_;
};
TORCH_MODULE(ImageNet);

}  // namespace gaplab
