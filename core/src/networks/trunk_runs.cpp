// SPDX-License-Identifier: GPL-3.0-or-later
#include "trunk_runs.h"

#include "few_channel_conv.h"
#include "first_block.h"
#include "pool_relu_affine.h"
#include "winograd_conv.h"

namespace gaplab::trunk {

namespace nn = torch::nn;

namespace {

// A run of layers computed as one pass when differentiated: the pass and how
// many layers it covers.
struct Fused {
  std::function<torch::Tensor(const torch::Tensor&)> pass;
  std::size_t count;
};

// ReLU and the affine map after it: a BatchNorm's scale and shift, or 1 and
// 0 without one; count: the layers covered, ReLU included.
struct ReluAffine {
  torch::Tensor scale, shift;
  std::size_t count;
};

std::optional<ReluAffine> reluAffineAt(const std::vector<Layer>& layers, std::size_t at, int64_t channels) {
  if (at >= layers.size() || !isRelu(layers[at])) return std::nullopt;
  if (at + 1 < layers.size() && layers[at + 1].kind == Kind::Norm)
    return ReluAffine{layers[at + 1].weight, layers[at + 1].bias, 2};
  return ReluAffine{torch::ones({channels}), torch::zeros({channels}), 1};
}

int64_t channelsBefore(const std::vector<Layer>& layers, std::size_t at) {
  for (std::size_t i = at; i-- > 0;)
    if (layers[i].kind == Kind::Conv) return layers[i].weight.size(0);
  return -1;
}

// conv -> pool -> ReLU [-> norm] with few input channels: FirstBlock.
std::optional<Fused> firstBlockAt(const std::vector<Layer>& layers, std::size_t at) {
  if (at + 2 >= layers.size() || layers[at].kind != Kind::Conv || !isHalvingPool(layers[at + 1])) return std::nullopt;
  const auto& conv = layers[at].module->as<nn::Conv2d>()->options;
  const auto kernel = arrayOf(conv.kernel_size()), stride = arrayOf(conv.stride()), dilation = arrayOf(conv.dilation());
  const auto padding = arrayOf(c10::get<torch::ExpandingArray<2>>(conv.padding()));
  if (kernel[0] != kernel[1] || padding[0] != padding[1] || stride != std::vector<int64_t>{1, 1} ||
      dilation != std::vector<int64_t>{1, 1})
    return std::nullopt;
  const auto affine = reluAffineAt(layers, at + 2, layers[at].weight.size(0));
  if (!affine) return std::nullopt;
  auto block = FirstBlock::build(layers[at].weight, layers[at].bias, padding[0], affine->scale, affine->shift);
  if (!block) return std::nullopt;
  return Fused{[block = std::move(*block)](const torch::Tensor& x) { return block.forward(x); }, 2 + affine->count};
}

// [pool ->] ReLU [-> norm]: poolReluAffine or reluAffine.
std::optional<Fused> blockTailAt(const std::vector<Layer>& layers, std::size_t at) {
  const int64_t channels = channelsBefore(layers, at);
  if (channels < 0 || at >= layers.size()) return std::nullopt;
  const bool pooled = isHalvingPool(layers[at]);
  const auto affine = reluAffineAt(layers, at + (pooled ? 1 : 0), channels);
  if (!affine) return std::nullopt;
  const auto scale = affine->scale, shift = affine->shift;
  if (pooled)
    return Fused{[scale, shift](const torch::Tensor& x) { return poolReluAffine(x, scale, shift); }, affine->count + 1};
  return Fused{[scale, shift](const torch::Tensor& x) { return reluAffine(x, scale, shift); }, affine->count};
}

}  // namespace

Run plainRunAt(const std::vector<Layer>& layers, std::size_t at, std::size_t end, bool fuse) {
  auto fused = fuse ? firstBlockAt(layers, at) : std::nullopt;
  if (fuse && !fused) fused = blockTailAt(layers, at);
  if (!fused || at + fused->count > end) return {stepFor(layers[at]), 1, nameOf(layers[at])};
  std::vector<Step> asLayers;
  std::string name;
  for (std::size_t j = at; j < at + fused->count; ++j) {
    asLayers.push_back(stepFor(layers[j]));
    name += (name.empty() ? "" : " ") + nameOf(layers[j]);
  }
  Step asOne = [pass = std::move(fused->pass)](const torch::Tensor& x, bool) { return pass(x); };
  return {byGradient(std::move(asLayers), {std::move(asOne)}), fused->count, "[" + name + "]"};
}

std::optional<Run> convRunAt(const std::vector<Layer>& layers, std::size_t at) {
  if (layers[at].kind != Kind::Conv) return std::nullopt;
  const auto& options = layers[at].module->as<nn::Conv2d>()->options;
  const auto kernel = arrayOf(options.kernel_size()), stride = arrayOf(options.stride());
  const auto dilation = arrayOf(options.dilation());
  const auto padding = arrayOf(c10::get<torch::ExpandingArray<2>>(options.padding()));
  if (kernel[0] != kernel[1] || stride[0] != stride[1] || padding[0] != padding[1] || dilation[0] != dilation[1])
    return std::nullopt;
  const int64_t in = options.in_channels(), groups = options.groups();
  const bool winograd = winogradTakes(in, kernel[0], stride[0], padding[0], dilation[0], groups);
  if (!winograd && !fewChannelConvTakes(in, kernel[0], stride[0], padding[0], dilation[0], groups))
    return std::nullopt;
  ConvTail tail;
  std::string name = winograd ? "winograd" : "direct";
  std::size_t end = at + 1;
  if (end < layers.size()) {
    const auto pool = tilingPool(layers[end]);
    if (pool && (!winograd || pool->halvingPool())) {
      tail = *pool;
      name += "+pool";
      ++end;
    }
  }
  if (end < layers.size() && layers[end].kind == Kind::Activation) {
    const auto* elu = layers[end].module->as<nn::ELU>();
    tail.activation = elu ? TailActivation::Elu : TailActivation::Relu;
    if (elu) tail.eluAlpha = elu->options.alpha();
    name += elu ? "+elu" : "+relu";
    ++end;
    if (end < layers.size() && layers[end].kind == Kind::Norm) {
      tail.scale = layers[end].weight;
      tail.shift = layers[end].bias;
      name += "+norm";
      ++end;
    }
  }
  std::function<torch::Tensor(const torch::Tensor&)> pass;
  if (winograd) {
    if (auto conv = WinogradConv::build(layers[at].weight, layers[at].bias, tail))
      pass = [conv = std::move(*conv)](const torch::Tensor& x) { return conv.forward(x); };
  } else if (auto conv = FewChannelConv::build(layers[at].weight, layers[at].bias, padding[0], tail)) {
    pass = [conv = std::move(*conv)](const torch::Tensor& x) { return conv.forward(x); };
  }
  if (!pass) return std::nullopt;
  std::vector<Step> asLayers;
  for (std::size_t i = at; i < end;) {
    auto run = plainRunAt(layers, i, end, true);
    asLayers.push_back(std::move(run.step));
    i += run.count;
  }
  Step asOne = [pass = std::move(pass)](const torch::Tensor& x, bool) { return pass(x); };
  return Run{byGradient({std::move(asOne)}, std::move(asLayers)), end - at, name};
}

}  // namespace gaplab::trunk
