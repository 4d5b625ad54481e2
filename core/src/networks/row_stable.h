// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: inference whose result for an input does not depend on the other
// inputs of its batch. LibTorch's layers do not promise that: OpenBLAS rounds
// the rows at a GEMM block's edge differently from the rows inside it, and
// oneDNN picks another convolution algorithm for a batch of one than for two
// or more. So a clip scored alone (the live view) and the same clip scored in
// a batch (a sweep) could fall on different sides of a decision.
//
// Both helpers act only where no gradient is recorded (evaluation, scoring);
// training and the defences' input optimisation keep LibTorch's layers.
#include <torch/torch.h>

#include <functional>

namespace gaplab {

// A linear layer through a fixed-order kernel (row_stable_kernels.inc: every
// output summed over its inputs in one order, per row), or layer->forward(x)
// when gradients are recorded.
torch::Tensor stableLinear(torch::nn::LinearImpl& layer, const torch::Tensor& x);

// `layers` in order, with its linear layers through stableLinear.
torch::Tensor stableSequential(torch::nn::SequentialImpl& layers, const torch::Tensor& x);

// f(x) for a batch of two or more; a batch of one runs as two copies of the
// input, and the first row is kept: convolutions then take the algorithm they
// take for every larger batch.
torch::Tensor withBatchOfTwoOrMore(const torch::Tensor& x, const std::function<torch::Tensor(const torch::Tensor&)>& f);

}  // namespace gaplab
