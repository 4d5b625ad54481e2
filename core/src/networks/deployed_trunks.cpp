// SPDX-License-Identifier: GPL-3.0-or-later
#include "deployed_trunks.h"

#include <algorithm>
#include <cmath>

namespace gaplab {

namespace nn = torch::nn;

namespace {

nn::Conv2d conv3x3(int64_t in, int64_t out, int64_t stride = 1) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false));
}

nn::Conv2d conv1x1(int64_t in, int64_t out, int64_t stride = 1) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, 1).stride(stride).bias(false));
}

// He et al.'s CIFAR basic block: conv-BN-ReLU-conv-BN, plus the shortcut, then ReLU.
class BasicBlockImpl : public nn::Module {
public:
  BasicBlockImpl(int64_t in, int64_t out, int64_t stride)
      : conv1_(register_module("conv1", conv3x3(in, out, stride))),
        bn1_(register_module("bn1", nn::BatchNorm2d(out))),
        conv2_(register_module("conv2", conv3x3(out, out))),
        bn2_(register_module("bn2", nn::BatchNorm2d(out))),
        stride_(stride),
        padChannels_(out - in) {}

  torch::Tensor forward(const torch::Tensor& x) {
    auto out = torch::relu(bn1_->forward(conv1_->forward(x)));
    out = bn2_->forward(conv2_->forward(out));
    return torch::relu(out + shortcut(x));
  }

private:
  // Option A: subsample and pad the new channels with zeros (no parameters).
  torch::Tensor shortcut(const torch::Tensor& x) const {
    if (stride_ == 1 && padChannels_ == 0) return x;
    auto s = stride_ == 1 ? x : x.slice(2, 0, c10::nullopt, stride_).slice(3, 0, c10::nullopt, stride_);
    const int64_t before = padChannels_ / 2;
    return torch::constant_pad_nd(s, {0, 0, 0, 0, before, padChannels_ - before});
  }

  nn::Conv2d conv1_;
  nn::BatchNorm2d bn1_;
  nn::Conv2d conv2_;
  nn::BatchNorm2d bn2_;
  int64_t stride_;
  int64_t padChannels_;
};
TORCH_MODULE(BasicBlock);

// The pre-activation block: BN-ReLU-conv-BN-ReLU-conv plus the shortcut,
// which a 1x1 conv takes from the first activation where the shape changes.
class PreActBlockImpl : public nn::Module {
public:
  PreActBlockImpl(int64_t in, int64_t out, int64_t stride)
      : bn1_(register_module("bn1", nn::BatchNorm2d(in))),
        conv1_(register_module("conv1", conv3x3(in, out, stride))),
        bn2_(register_module("bn2", nn::BatchNorm2d(out))),
        conv2_(register_module("conv2", conv3x3(out, out))) {
    if (stride != 1 || in != out) shortcut_ = register_module("shortcut", conv1x1(in, out, stride));
  }

  torch::Tensor forward(const torch::Tensor& x) {
    const auto activated = torch::relu(bn1_->forward(x));
    const auto shortcut = shortcut_ ? shortcut_->forward(activated) : x;
    auto out = conv1_->forward(activated);
    out = conv2_->forward(torch::relu(bn2_->forward(out)));
    return out + shortcut;
  }

private:
  nn::BatchNorm2d bn1_;
  nn::Conv2d conv1_;
  nn::BatchNorm2d bn2_;
  nn::Conv2d conv2_;
  nn::Conv2d shortcut_{nullptr};
};
TORCH_MODULE(PreActBlock);

// MobileNetV2's inverted residual: 1x1 expand, BN, ReLU6, depthwise 3x3, BN,
// ReLU6, 1x1 linear projection, BN; the input is added back when the shape allows.
class InvertedResidualImpl : public nn::Module {
public:
  InvertedResidualImpl(int64_t in, int64_t out, int64_t expansion, int64_t stride)
      : residual_(stride == 1 && in == out) {
    const int64_t hidden = in * expansion;
    if (expansion != 1) {
      body_->push_back(conv1x1(in, hidden));
      body_->push_back(nn::BatchNorm2d(hidden));
      body_->push_back(nn::ReLU6(nn::ReLU6Options(true)));
    }
    body_->push_back(nn::Conv2d(nn::Conv2dOptions(hidden, hidden, 3).stride(stride).padding(1).groups(hidden).bias(false)));
    body_->push_back(nn::BatchNorm2d(hidden));
    body_->push_back(nn::ReLU6(nn::ReLU6Options(true)));
    body_->push_back(conv1x1(hidden, out));
    body_->push_back(nn::BatchNorm2d(out));
    register_module("body", body_);
  }

  torch::Tensor forward(const torch::Tensor& x) {
    auto out = body_->forward(x);
    return residual_ ? out + x : out;
  }

private:
  nn::Sequential body_;
  bool residual_;
};
TORCH_MODULE(InvertedResidual);

// A 3x3 conv, BatchNorm and ReLU (or ReLU6). `bias`: VGG's convs keep
// theirs (as published), the ResNets' and MobileNet's have none.
void convBnRelu(nn::Sequential& trunk, int64_t in, int64_t out, bool bias, bool relu6 = false) {
  trunk->push_back(nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1).bias(bias)));
  trunk->push_back(nn::BatchNorm2d(out));
  if (relu6) trunk->push_back(nn::ReLU6(nn::ReLU6Options(true)));
  else trunk->push_back(nn::ReLU(nn::ReLUOptions(true)));
}

// A ResNet's stages: `blocks` blocks per width, each stage after the first
// halving the map in its first block; the trunk so far ends at widths[0] channels.
template <typename Block>
void appendResidualStages(nn::Sequential& trunk, std::initializer_list<int64_t> widths, int blocks) {
  int64_t in = *widths.begin();
  for (const int64_t width : widths)
    for (int block = 0; block < blocks; ++block) {
      trunk->push_back(Block(in, width, block == 0 && width != *widths.begin() ? 2 : 1));
      in = width;
    }
}

}  // namespace

nn::Sequential resnet20Trunk(int64_t inChannels) {
  nn::Sequential trunk;
  convBnRelu(trunk, inChannels, 16, false);
  appendResidualStages<BasicBlock>(trunk, {16, 32, 64}, 3);
  return trunk;
}

nn::Sequential preactResnet18Trunk(int64_t inChannels) {
  nn::Sequential trunk;
  trunk->push_back(conv3x3(inChannels, 64));
  appendResidualStages<PreActBlock>(trunk, {64, 128, 256, 512}, 2);
  return trunk;
}

nn::Sequential vgg11BnTrunk(int64_t inChannels) {
  nn::Sequential trunk;
  const int64_t pool = 0;  // a max-pool in the configuration
  int64_t in = inChannels;
  for (const int64_t layer : {int64_t{64}, pool, int64_t{128}, pool, int64_t{256}, int64_t{256}, pool, int64_t{512},
                              int64_t{512}, pool, int64_t{512}, int64_t{512}}) {
    if (layer == pool) {
      trunk->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2)));
      continue;
    }
    convBnRelu(trunk, in, layer, true);
    in = layer;
  }
  return trunk;
}

nn::Sequential mobilenetV2Trunk(int64_t inChannels, double width) {
  const auto scaled = [width](int64_t channels) {
    return std::max<int64_t>(8, static_cast<int64_t>(std::lround(channels * width / 8.0)) * 8);
  };
  nn::Sequential trunk;
  const int64_t stem = scaled(32);
  convBnRelu(trunk, inChannels, stem, false, true);
  struct Stage {
    int64_t expansion, channels, blocks, stride;
  };
  // Sandler et al.'s table 2, with the second stage at stride 1 for small inputs.
  const Stage stages[] = {{1, 16, 1, 1}, {6, 24, 2, 1}, {6, 32, 3, 2}, {6, 64, 4, 2},
                          {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
  int64_t in = stem;
  for (const auto& stage : stages)
    for (int64_t block = 0; block < stage.blocks; ++block) {
      const int64_t out = scaled(stage.channels);
      trunk->push_back(InvertedResidual(in, out, stage.expansion, block == 0 ? stage.stride : 1));
      in = out;
    }
  const int64_t last = std::max<int64_t>(1280, scaled(1280));
  trunk->push_back(conv1x1(in, last));
  trunk->push_back(nn::BatchNorm2d(last));
  trunk->push_back(nn::ReLU6(nn::ReLU6Options(true)));
  return trunk;
}

}  // namespace gaplab
