// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: an evaluation-only rewrite of a convolutional trunk that computes
// the same feature maps (up to float rounding) with less memory traffic.
//
// On adv_detection, max-pooling after ReLU and BatchNorm on the full-size
// maps was 62% of inference in NCHW, and the element-wise passes most of the
// rest in channels-last. In eval mode the trunk's layers are fixed maps, so:
//  - a max-pool moves in front of the activation (ReLU and ELU never decrease)
//    and of a BatchNorm whose scales gamma / sqrt(var + eps) are all >= 0:
//    max(f(x)) = f(max(x)) for a non-decreasing f, so those layers then run on
//    the pooled, smaller maps;
//  - a BatchNorm right before an unpadded convolution is folded into that
//    convolution's weights and bias (with zero padding the padded border would
//    differ, so padded convolutions keep their BatchNorm);
//  - each convolution the Winograd pass (winograd_conv.h: 3x3, many input
//    channels) or the direct pass (few_channel_conv.h: few input channels)
//    takes runs as one pass with the pool, activation and BatchNorm after
//    it, which never reach memory on their own;
//  - dropout is the identity and disappears; activations work in place;
//  - differentiated with respect to the input (Neural Cleanse), a first
//    block over few channels (first_block.h) and each `[pool ->] ReLU [->
//    BatchNorm]` (pool_relu_affine.h) run as one pass each; shown in
//    brackets in layout().
#include <torch/torch.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gaplab {

// A copy of a 4-d tensor with channels-last strides, even when it has one
// channel: Tensor::contiguous(ChannelsLast) keeps such a tensor as it is (it
// counts as both layouts), and a convolution whose weight and input are both
// NCHW-strided writes NCHW. The first convolution of every model (one input
// channel) then ran its whole first block in NCHW.
torch::Tensor channelsLastCopy(const torch::Tensor& t);

class EvalTrunk {
public:
  // nullopt when the trunk holds a layer the rewrite does not know. Its
  // convolutions run channels-last, like the trained models'.
  static std::optional<EvalTrunk> build(torch::nn::Sequential& trunk);

  torch::Tensor forward(const torch::Tensor& x) const;
  // True while the trunk's parameters and buffers are the ones it was built
  // from (same storage, no in-place update since): training steps and
  // checkpoint loads bump the tensors' version counters.
  bool builtFrom(const torch::nn::Sequential& trunk) const;
  // The steps it runs, e.g. "conv pool [relu] conv pool [relu] conv pool
  // [relu norm]" for adv_detection: what was moved, folded, fused and
  // dropped, for tests.
  std::string layout() const;

private:
  struct Source {
    const void* data;
    int64_t version;
  };
  static std::vector<Source> sourcesOf(const torch::nn::Sequential& trunk);

  std::vector<std::function<torch::Tensor(const torch::Tensor&, bool inPlace)>> steps_;
  std::vector<std::string> names_;
  std::vector<Source> sources_;
};

}  // namespace gaplab
