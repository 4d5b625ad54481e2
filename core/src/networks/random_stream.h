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

inline at::Generator makeRandomStream(std::uint64_t seed) { return at::make_generator<at::CPUGeneratorImpl>(seed); }

// The seeds of a training's two torch streams, derived from its seed so that
// weights and shuffling do not replay the same draws.
enum class StreamPurpose : std::uint64_t { Initialisation = 1, Training = 2 };
inline std::uint64_t streamSeed(std::uint64_t seed, StreamPurpose purpose) {
  SplitMix64 mix(seed ^ (static_cast<std::uint64_t>(purpose) * 0xd1b54a32d192ed03ULL));
  return mix.next();
}

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
