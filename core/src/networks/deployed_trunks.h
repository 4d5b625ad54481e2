// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: the convolutional trunks of the architectures people deploy, in
// their small-input (CIFAR) forms. Each ends in its last feature map; the
// head (GAP or FC) is ImageNetImpl's, as for the paper's models.
//  - resnet20: He et al., "Deep Residual Learning for Image Recognition"
//    (CVPR 2016), section 4.2: a 3x3 conv of 16, then 3 stages of 3 basic
//    blocks (16, 32, 64 channels; stages 2 and 3 halve the map), BatchNorm;
//    shortcuts that change shape subsample and pad channels with zeros
//    (their option A), so the net has 0.27 M parameters.
//  - preact_resnet18: He et al., "Identity Mappings in Deep Residual
//    Networks" (ECCV 2016): pre-activation basic blocks [2, 2, 2, 2] of 64,
//    128, 256, 512 channels after a 3x3 conv of 64, 1x1 conv shortcuts where
//    the shape changes; the CIFAR form the backdoor benchmarks train.
//  - vgg11_bn: Simonyan and Zisserman (ICLR 2015), configuration A with
//    BatchNorm: 3x3 convs of 64, M, 128, M, 256, 256, M, 512, 512, M, 512,
//    512 (M: 2x2 max-pool). The classic fifth pool is left to the head, so a
//    32x32 input keeps a 2x2 map to pool or flatten.
//  - mobilenet_v2: Sandler et al. (CVPR 2018): inverted residual blocks
//    (expansion 6, depthwise 3x3, linear bottleneck), a 1x1 conv to 1280;
//    the first conv and the second stage keep stride 1 for small inputs.
#include <torch/torch.h>

namespace gaplab {

torch::nn::Sequential resnet20Trunk(int64_t inChannels);
torch::nn::Sequential preactResnet18Trunk(int64_t inChannels);
torch::nn::Sequential vgg11BnTrunk(int64_t inChannels);
// `width`: MobileNetV2's width multiplier (channels scaled, kept >= 8 and a multiple of 8).
torch::nn::Sequential mobilenetV2Trunk(int64_t inChannels, double width = 1.0);

}  // namespace gaplab
