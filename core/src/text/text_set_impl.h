// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: the tensors behind a TextSet.
#include <torch/torch.h>

#include "gaplab/text_pipeline.h"

namespace gaplab {

struct TextSet::Impl {
  torch::Tensor ids;     // int64 [N, L]
  torch::Tensor labels;  // int64 [N]
};

inline const torch::Tensor& idsOf(const TextSet& set) { return set.impl().ids; }
inline const torch::Tensor& textLabelsOf(const TextSet& set) { return set.impl().labels; }

}  // namespace gaplab
