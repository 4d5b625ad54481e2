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


}  // namespace gaplab
