// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval_trunk.h"

#include "first_block.h"
#include "kernel_isa.h"
#include "pool_relu_affine.h"
#include "uniform_dropout.h"
#include "few_channel_conv.h"
#include "winograd_conv.h"

#include <variant>

namespace gaplab {

namespace nn = torch::nn;

namespace {

enum class Kind { Conv, Activation, Norm, Pool };

// One layer of the trunk as the rewrite sees it: its kind, the module, and
// for convolutions and BatchNorms the tensors the rewrite may change.
struct Layer {
  Kind kind;
  std::shared_ptr<nn::Module> module;
  torch::Tensor weight, bias;  // conv kernel and bias; BatchNorm scale and shift
};

std::vector<int64_t> arrayOf(const torch::ExpandingArray<2>& values) { return {(*values)[0], (*values)[1]}; }

bool unpadded(const Layer& conv) {
  const auto& padding = c10::get<torch::ExpandingArray<2>>(conv.module->as<nn::Conv2d>()->options.padding());
  return (*padding)[0] == 0 && (*padding)[1] == 0;
}

// Max-pooling commutes with an element-wise map that never decreases: ReLU,
// ELU with alpha >= 0, a BatchNorm whose scales are all >= 0.
bool commutesWithMax(const Layer& layer) {
  if (layer.kind == Kind::Activation) {
    const auto* elu = layer.module->as<nn::ELU>();
    return !elu || elu->options.alpha() >= 0;
  }
  return layer.kind == Kind::Norm && layer.weight.ge(0).all().item<bool>();
}

std::optional<Layer> layerOf(const std::shared_ptr<nn::Module>& module) {
  if (const auto* conv = module->as<nn::Conv2d>()) {
    const auto& options = conv->options;
    if (options.groups() != 1 || !c10::holds_alternative<torch::ExpandingArray<2>>(options.padding()) ||
        !c10::holds_alternative<torch::enumtype::kZeros>(options.padding_mode()))
      return std::nullopt;
    const auto bias = conv->bias.defined() ? conv->bias.detach().clone()
                                           : torch::zeros({options.out_channels()}, conv->weight.options());
    return Layer{Kind::Conv, module, conv->weight.detach().clone(), bias};
  }
  if (module->as<nn::ReLU>() || module->as<nn::ELU>()) return Layer{Kind::Activation, module, {}, {}};
  if (const auto* norm = module->as<nn::BatchNorm2d>()) {
    if (!norm->running_mean.defined() || !norm->running_var.defined()) return std::nullopt;
    const auto invStd = (norm->running_var + norm->options.eps()).rsqrt();
    const auto scale = norm->weight.defined() ? norm->weight.detach() * invStd : invStd;
    const auto shift = (norm->bias.defined() ? norm->bias.detach() : torch::zeros_like(scale)) - norm->running_mean * scale;
    return Layer{Kind::Norm, module, scale, shift};
  }
  if (module->as<nn::MaxPool2d>()) return Layer{Kind::Pool, module, {}, {}};
  return std::nullopt;
}

// The trunk's layers in order, dropout left out (the identity in eval mode);
// nullopt if one of them is of a kind the rewrite does not know.
std::optional<std::vector<Layer>> layersOf(nn::Sequential& trunk) {
  std::vector<Layer> layers;
  for (std::size_t i = 0; i < trunk->size(); ++i) {
    const auto module = trunk->ptr(i);
    if (module->as<nn::Dropout>() || module->as<UniformDropout>()) continue;
    auto layer = layerOf(module);
    if (!layer) return std::nullopt;
    layers.push_back(std::move(*layer));
  }
  return layers;
}

// Each pool moves in front of the element-wise layers before it.
void movePoolsForward(std::vector<Layer>& layers) {
  for (std::size_t i = 0; i < layers.size(); ++i)
    for (std::size_t p = i; layers[p].kind == Kind::Pool && p > 0 && commutesWithMax(layers[p - 1]); --p)
      std::swap(layers[p - 1], layers[p]);
}

// A BatchNorm right before an unpadded convolution becomes part of it:
// conv(scale * x + shift) = conv_{W * scale}(x) + (bias + sum W * shift).
std::vector<Layer> foldNormsIntoConvs(std::vector<Layer> layers) {
  std::vector<Layer> folded;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const auto& layer = layers[i];
    if (layer.kind == Kind::Norm && i + 1 < layers.size() && layers[i + 1].kind == Kind::Conv && unpadded(layers[i + 1])) {
      auto& conv = layers[i + 1];
      conv.bias = conv.bias + (conv.weight * layer.bias.view({1, -1, 1, 1})).sum({1, 2, 3});
      conv.weight = conv.weight * layer.weight.view({1, -1, 1, 1});
      continue;
    }
    folded.push_back(layer);
  }
  return folded;
}

std::string nameOf(const Layer& layer) {
  switch (layer.kind) {
    case Kind::Conv: return "conv";
    case Kind::Norm: return "norm";
    case Kind::Pool: return "pool";
    default: return layer.module->as<nn::ELU>() ? "elu" : "relu";
  }
}

using Step = std::function<torch::Tensor(const torch::Tensor&, bool inPlace)>;

Step convStep(const Layer& layer) {
  const auto& options = layer.module->as<nn::Conv2d>()->options;
  const auto weight = channelsLastCopy(layer.weight);
  const auto bias = layer.bias;
  const auto stride = arrayOf(options.stride());
  const auto padding = arrayOf(c10::get<torch::ExpandingArray<2>>(options.padding()));
  const auto dilation = arrayOf(options.dilation());
  return [=](const torch::Tensor& x, bool) { return torch::conv2d(x, weight, bias, stride, padding, dilation, 1); };
}

Step activationStep(const Layer& layer) {
  if (const auto* elu = layer.module->as<nn::ELU>()) {
    const double alpha = elu->options.alpha();
    return [alpha](const torch::Tensor& x, bool inPlace) {
      auto y = x;
      return inPlace ? torch::elu_(y, alpha) : torch::elu(x, alpha);
    };
  }
  return [](const torch::Tensor& x, bool inPlace) {
    auto y = x;
    return inPlace ? torch::relu_(y) : torch::relu(x);
  };
}

// batch_norm with mean 0, variance 1 and eps 0 is x * scale + shift in one
// pass that keeps the memory format. Differentiated, it is written out as
// that product and sum: batch_norm's backward was a third of a Neural
// Cleanse update (torch profiler), the product's is one multiplication.
Step normStep(const Layer& layer) {
  const auto scale = layer.weight, shift = layer.bias;
  const auto zeros = torch::zeros_like(scale), ones = torch::ones_like(scale);
  const auto scale4 = scale.view({1, -1, 1, 1}), shift4 = shift.view({1, -1, 1, 1});
  return [=](const torch::Tensor& x, bool) {
    if (x.requires_grad()) return torch::addcmul(shift4, x, scale4);
    return torch::batch_norm(x, scale, shift, zeros, ones, false, 0.0, 0.0, false);
  };
}

Step poolStep(const Layer& layer) {
  const auto& options = layer.module->as<nn::MaxPool2d>()->options;
  const auto kernel = arrayOf(options.kernel_size()), stride = arrayOf(options.stride());
  const auto padding = arrayOf(options.padding()), dilation = arrayOf(options.dilation());
  const bool ceil = options.ceil_mode();
  return [=](const torch::Tensor& x, bool) { return torch::max_pool2d(x, kernel, stride, padding, dilation, ceil); };
}

Step stepFor(const Layer& layer) {
  switch (layer.kind) {
    case Kind::Conv: return convStep(layer);
    case Kind::Norm: return normStep(layer);
    case Kind::Pool: return poolStep(layer);
    default: return activationStep(layer);
  }
}

bool isRelu(const Layer& layer) { return layer.kind == Kind::Activation && !layer.module->as<nn::ELU>(); }

// A floor-mode 2x2 max-pool with stride 2.
bool isHalvingPool(const Layer& layer) {
  if (layer.kind != Kind::Pool) return false;
  const auto& pool = layer.module->as<nn::MaxPool2d>()->options;
  const std::vector<int64_t> two{2, 2}, zero{0, 0}, one{1, 1};
  return arrayOf(pool.kernel_size()) == two && arrayOf(pool.stride()) == two && arrayOf(pool.padding()) == zero &&
         arrayOf(pool.dilation()) == one && !pool.ceil_mode();
}

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

// Differentiated with respect to its input (Neural Cleanse), a fused run of
// layers is one pass; otherwise it runs as its layers, whose numbers the rest
// of the lab (ASR, maps, STRIP) was measured with.
Step differentiatedAsOne(std::function<torch::Tensor(const torch::Tensor&)> pass, std::vector<Step> layers) {
  return [pass = std::move(pass), layers = std::move(layers)](const torch::Tensor& x, bool inPlace) {
    if (torch::GradMode::is_enabled() && x.requires_grad()) return pass(x);
    auto y = x;
    for (std::size_t i = 0; i < layers.size(); ++i) y = layers[i](y, i == 0 ? inPlace : true);
    return y;
  };
}

// A max-pool whose windows tile the map (stride = window, no padding, no
// dilation): its window and mode, or nullopt.
std::optional<ConvTail> tilingPool(const Layer& layer) {
  if (layer.kind != Kind::Pool) return std::nullopt;
  const auto& pool = layer.module->as<nn::MaxPool2d>()->options;
  const auto window = arrayOf(pool.kernel_size());
  if (arrayOf(pool.stride()) != window || arrayOf(pool.padding()) != std::vector<int64_t>{0, 0} ||
      arrayOf(pool.dilation()) != std::vector<int64_t>{1, 1})
    return std::nullopt;
  ConvTail tail;
  tail.poolHeight = window[0];
  tail.poolWidth = window[1];
  tail.poolCeil = pool.ceil_mode();
  return tail;
}

// Layers [at, end) as the main loop of EvalTrunk::build would run them:
// FirstBlock at `at`, the ReLU tails as their single passes (which act only
// when differentiated), the rest layer by layer.
std::vector<Step> layerSteps(const std::vector<Layer>& layers, std::size_t at, std::size_t end) {
  const auto asOne = [](const Fused& fused) {
    return [pass = fused.pass](const torch::Tensor& x, bool) { return pass(x); };
  };
  std::vector<Step> steps;
  for (std::size_t i = at; i < end;) {
    auto fused = i == at ? firstBlockAt(layers, i) : std::nullopt;
    if (!fused) fused = blockTailAt(layers, i);
    if (fused && i + fused->count <= end) {
      steps.push_back(asOne(*fused));
      i += fused->count;
    } else {
      steps.push_back(stepFor(layers[i]));
      ++i;
    }
  }
  return steps;
}

// A convolution [-> a tiling max-pool] [-> ReLU or ELU [-> BatchNorm]]
// evaluated as one pass: WinogradConv for a 3x3 one over many input channels
// (with a 2x2 pool only), FewChannelConv for a square one over few.
// Differentiated, it runs as its layers (layerSteps). In layout(): "winograd"
// or "direct", then "+pool", "+relu" / "+elu", "+norm" for what it took.
struct ConvRun {
  Step step;
  std::size_t count;
  std::string name;
};

std::optional<ConvRun> convWithTailAt(const std::vector<Layer>& layers, std::size_t at) {
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
  Step step = [pass = std::move(pass), asLayers = layerSteps(layers, at, end)](const torch::Tensor& x, bool inPlace) {
    if (!(torch::GradMode::is_enabled() && x.requires_grad())) return pass(x);
    auto y = x;
    for (std::size_t i = 0; i < asLayers.size(); ++i) y = asLayers[i](y, i == 0 ? inPlace : true);
    return y;
  };
  return ConvRun{std::move(step), end - at, name};
}

}  // namespace

torch::Tensor channelsLastCopy(const torch::Tensor& t) {
  return torch::empty_like(t, t.options(), torch::MemoryFormat::ChannelsLast).copy_(t);
}

std::optional<EvalTrunk> EvalTrunk::build(nn::Sequential& trunk) {
  torch::NoGradGuard noGrad;
  auto layers = layersOf(trunk);
  if (!layers) return std::nullopt;
  movePoolsForward(*layers);
  EvalTrunk result;
  const auto folded = foldNormsIntoConvs(*layers);
  const bool fuse = kernelIsa() != KernelIsa::Off;
  for (std::size_t i = 0; i < folded.size();) {
    if (auto conv = fuse ? convWithTailAt(folded, i) : std::nullopt) {
      result.names_.push_back(conv->name);
      result.steps_.push_back(std::move(conv->step));
      i += conv->count;
      continue;
    }
    auto fused = fuse ? firstBlockAt(folded, i) : std::nullopt;
    if (fuse && !fused) fused = blockTailAt(folded, i);
    if (fused) {
      std::vector<Step> steps;
      std::string name;
      for (std::size_t j = i; j < i + fused->count; ++j) {
        steps.push_back(stepFor(folded[j]));
        name += (name.empty() ? "" : " ") + nameOf(folded[j]);
      }
      result.names_.push_back("[" + name + "]");
      result.steps_.push_back(differentiatedAsOne(std::move(fused->pass), std::move(steps)));
      i += fused->count;
      continue;
    }
    result.names_.push_back(nameOf(folded[i]));
    result.steps_.push_back(stepFor(folded[i]));
    ++i;
  }
  result.sources_ = sourcesOf(trunk);
  return result;
}

torch::Tensor EvalTrunk::forward(const torch::Tensor& x) const {
  auto y = x;
  // Only tensors this trunk made are changed in place, and none that
  // autograd keeps for a backward pass.
  const bool mayChangeInPlace = !(torch::GradMode::is_enabled() && x.requires_grad());
  bool ours = false;
  for (const auto& step : steps_) {
    y = step(y, ours && mayChangeInPlace);
    ours = true;
  }
  return y;
}

std::string EvalTrunk::layout() const {
  std::string text;
  for (const auto& name : names_) text += (text.empty() ? "" : " ") + name;
  return text;
}

namespace {
// Tensors made under InferenceMode have no version counter: such a trunk
// counts as changed at every call and is rebuilt (correct, only slower).
constexpr int64_t kUntracked = -1;
}  // namespace

std::vector<EvalTrunk::Source> EvalTrunk::sourcesOf(const nn::Sequential& trunk) {
  std::vector<Source> sources;
  const auto add = [&](const torch::Tensor& t) {
    sources.push_back({t.data_ptr(), t.is_inference() ? kUntracked : t._version()});
  };
  for (const auto& tensor : trunk->parameters()) add(tensor);
  for (const auto& tensor : trunk->buffers()) add(tensor);
  return sources;
}

bool EvalTrunk::builtFrom(const nn::Sequential& trunk) const {
  const auto now = sourcesOf(trunk);
  if (now.size() != sources_.size()) return false;
  for (std::size_t i = 0; i < now.size(); ++i)
    if (now[i].data != sources_[i].data || now[i].version != sources_[i].version || now[i].version == kUntracked)
      return false;
  return true;
}

}  // namespace gaplab
