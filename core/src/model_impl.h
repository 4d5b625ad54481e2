#pragma once
// Internal: what an ImageModel holds, and batched inference on tensors.
#include <torch/torch.h>

#include "gaplab/model.h"
#include "networks.h"

namespace gaplab {

struct ImageModel::Impl {
  ModelConfig config;
  ImageNet net;
};

// Small batches keep activations in cache: batch 1,024 is ~2x slower than 64 here.
inline constexpr int64_t kInferenceBatch = 64;

// Predicted classes for [N, C, H, W] images, in eval mode under InferenceMode.
torch::Tensor predictClasses(ImageNet& net, const torch::Tensor& images);

}  // namespace gaplab
