// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: what an ImageModel holds, and batched inference on tensors.
#include <torch/torch.h>

#include "gaplab/image_model.h"
#include "image_networks.h"

namespace gaplab {

struct ImageModel::Impl {
  ModelConfig config;
  ImageNet net;
};


}  // namespace gaplab
