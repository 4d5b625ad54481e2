// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The networks gaplab trains, and their two heads: names only (the modules
// are in core/src/networks).
#include <string>

namespace gaplab {

enum class Architecture {
  Strip,       // the paper's image model (STRIP CNN)
  Lecture,     // a small fast image CNN for live demos
  TfTutorial,  // text: embedding -> head (the TensorFlow tutorial's model)
  KimCnn,      // text: Kim's CNN, convs of heights 3, 4, 5 with max over time
  Conv1d,      // text: embedding -> conv1d -> max-pool -> head -> dense
  AdvDetection,      // sound (on MFCC images): the paper's "adv_detection" CNN
  TrojaningAttacks,  // sound (on MFCC images): the paper's AlexNet-like "trojaning_attacks" CNN
  // The architectures people deploy, in their small-input forms (images and MFCC images):
  Resnet20,        // He et al.'s CIFAR ResNet-20
  PreactResnet18,  // pre-activation ResNet-18, the backdoor benchmarks' default
  Vgg11Bn,         // VGG-11 with BatchNorm
  MobilenetV2,     // MobileNetV2, strides adapted to small inputs
};
bool isTextArchitecture(Architecture arch);
enum class Head {
  Fc,   // flatten -> dense
  Gap,  // global average pool -> dense
};
std::string toString(Architecture arch);
std::string toString(Head head);
Architecture architectureFromString(const std::string& text);
Head headFromString(const std::string& text);

}  // namespace gaplab
