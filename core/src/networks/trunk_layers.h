// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to EvalTrunk (eval_trunk.h): a trunk's layers as its rewrite sees
// them, the rewrites that move and fold them, and the step that runs one.
#include <torch/torch.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "conv_tail.h"

namespace gaplab::trunk {

enum class Kind { Conv, Activation, Norm, Pool };

// One layer of the trunk as the rewrite sees it: its kind, the module, and
// for convolutions and BatchNorms the tensors the rewrite may change.
struct Layer {
  Kind kind;
  std::shared_ptr<torch::nn::Module> module;
  torch::Tensor weight, bias;  // conv kernel and bias; BatchNorm scale and shift
};

std::vector<int64_t> arrayOf(const torch::ExpandingArray<2>& values);

// The trunk's layers in order, dropout left out (the identity in eval mode);
// nullopt if one of them is of a kind the rewrite does not know.
std::optional<std::vector<Layer>> layersOf(torch::nn::Sequential& trunk);

// Each pool moves in front of the element-wise layers before it that never
// decrease (max commutes with them).
void movePoolsForward(std::vector<Layer>& layers);

// A BatchNorm right before an unpadded convolution becomes part of it.
std::vector<Layer> foldNormsIntoConvs(std::vector<Layer> layers);

// "conv", "relu", "elu", "norm" or "pool", for EvalTrunk::layout().
std::string nameOf(const Layer& layer);

bool isRelu(const Layer& layer);
// A floor-mode 2x2 max-pool with stride 2.
bool isHalvingPool(const Layer& layer);
// A max-pool whose windows tile the map (stride = window, no padding, no
// dilation): its window and mode, or nullopt.
std::optional<ConvTail> tilingPool(const Layer& layer);

// One step of the rewritten trunk; inPlace: it may overwrite its input.
using Step = std::function<torch::Tensor(const torch::Tensor&, bool inPlace)>;

// The layer on its own, as LibTorch runs it.
Step stepFor(const Layer& layer);

// True when autograd records x's gradient (Neural Cleanse's input
// optimisation): the steps then take their differentiated form.
bool differentiated(const torch::Tensor& x);

// Runs `evaluated` in order, or `differentiated` when its input is. The first
// step may work in place when the caller allows; the later ones may when not
// differentiated (no tensor autograd keeps is overwritten).
Step byGradient(std::vector<Step> evaluated, std::vector<Step> differentiated);

}  // namespace gaplab::trunk
