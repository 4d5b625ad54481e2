// SPDX-License-Identifier: GPL-3.0-or-later
#include "classifier.h"

#include "uniform_dropout.h"

namespace gaplab {

void ClassifierImpl::shareRandomStreamWithLayers() {
  for (const auto& module : modules(/*include_self=*/false))
    if (auto* dropout = module->as<UniformDropout>()) dropout->useRandomStream(stream_);
}

void ClassifierImpl::initialiseKerasStyle() {
  namespace nn = torch::nn;
  torch::NoGradGuard noGrad;
  for (const auto& module : modules(/*include_self=*/false)) {
    torch::Tensor weight, bias;
    if (auto* conv = module->as<nn::Conv2d>()) weight = conv->weight, bias = conv->bias;
    else if (auto* conv1d = module->as<nn::Conv1d>()) weight = conv1d->weight, bias = conv1d->bias;
    else if (auto* linear = module->as<nn::Linear>()) weight = linear->weight, bias = linear->bias;
    else continue;
    glorotUniform(weight, stream_);
    if (bias.defined()) bias.zero_();
  }
}

std::uint64_t weightsFingerprint(const ClassifierImpl& net) {
  std::uint64_t hash = 1469598103934665603ull;
  const auto mix = [&hash](const torch::Tensor& tensor) {
    const auto bytes = tensor.detach().contiguous();
    const auto* data = static_cast<const unsigned char*>(bytes.data_ptr());
    for (std::size_t i = 0, n = bytes.numel() * bytes.element_size(); i < n; ++i) {
      hash ^= data[i];
      hash *= 1099511628211ull;
    }
  };
  for (const auto& p : net.parameters()) mix(p);
  for (const auto& b : net.buffers()) mix(b);
  return hash;
}

}  // namespace gaplab
