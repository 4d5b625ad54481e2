// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: every training owns its torch random stream. LibTorch's global
// generator is shared by every thread of the process (a checkpoint loaded or a
// map computed on another worker would advance it), so gaplab never reads it:
// weight initialisation, shuffling and dropout masks draw from a generator
// that belongs to one network and is seeded from the training's spec.
#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>
#include <cstdint>

#include "rng.h"

namespace gaplab {

// Seeded with streamSeed(seed, RandomStream::Initialisation / Training) (rng.h).
inline at::Generator makeRandomStream(std::uint64_t seed) { return at::make_generator<at::CPUGeneratorImpl>(seed); }

// Keras' glorot_uniform (torch's xavier_uniform_ with gain 1) drawn from `stream`.
inline void glorotUniform(const torch::Tensor& weight, at::Generator& stream) {
  const int64_t receptive = weight.dim() > 2 ? weight.numel() / (weight.size(0) * weight.size(1)) : 1;
  const double fanIn = static_cast<double>(weight.size(1) * receptive);
  const double fanOut = static_cast<double>(weight.size(0) * receptive);
  const double bound = std::sqrt(6.0 / (fanIn + fanOut));
  torch::NoGradGuard noGrad;
  weight.uniform_(-bound, bound, stream);
}

}  // namespace gaplab
