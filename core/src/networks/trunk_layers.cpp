// SPDX-License-Identifier: GPL-3.0-or-later
#include "trunk_layers.h"

#include "eval_trunk.h"
#include "uniform_dropout.h"

namespace gaplab::trunk {

namespace nn = torch::nn;

std::vector<int64_t> arrayOf(const torch::ExpandingArray<2>& values) { return {(*values)[0], (*values)[1]}; }

namespace {

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

}  // namespace

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

namespace {

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
// Cleanse update, the product's is one multiplication.
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

}  // namespace

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

bool differentiated(const torch::Tensor& x) { return torch::GradMode::is_enabled() && x.requires_grad(); }

Step byGradient(std::vector<Step> evaluated, std::vector<Step> whenDifferentiated) {
  return [evaluated = std::move(evaluated), whenDifferentiated = std::move(whenDifferentiated)](
             const torch::Tensor& x, bool inPlace) {
    const bool grad = differentiated(x);
    const auto& steps = grad ? whenDifferentiated : evaluated;
    auto y = x;
    for (std::size_t i = 0; i < steps.size(); ++i) y = steps[i](y, i == 0 ? inPlace : !grad);
    return y;
  };
}

}  // namespace gaplab::trunk
