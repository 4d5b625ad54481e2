// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: the tensors behind an ImageSet.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "gaplab/image_set.h"

namespace gaplab {

struct ImageSet::Impl {
  torch::Tensor images;  // float32 [N, C, H, W], contiguous
  torch::Tensor labels;  // int64 [N]
  std::vector<std::string> classNames;
};

ImageSet wrapTensors(torch::Tensor images, torch::Tensor labels, std::vector<std::string> classNames);
inline const torch::Tensor& imagesOf(const ImageSet& set) { return set.impl().images; }
inline const torch::Tensor& labelsOf(const ImageSet& set) { return set.impl().labels; }
torch::Tensor toIndexTensor(const std::vector<int>& indices);
std::vector<int> toIntVector(const torch::Tensor& values);

}  // namespace gaplab
