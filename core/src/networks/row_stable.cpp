// SPDX-License-Identifier: GPL-3.0-or-later
#include "row_stable.h"

#include <ATen/Parallel.h>

#include <cstdint>

#include "kernel_isa.h"

namespace gaplab {

namespace {

#define GAPLAB_KERNELS_FILE "row_stable_kernels.inc"
#include "kernel_builds.inc"
#undef GAPLAB_KERNELS_FILE

bool recordsGradients() { return torch::GradMode::is_enabled(); }

}  // namespace

torch::Tensor stableLinear(torch::nn::LinearImpl& layer, const torch::Tensor& x) {
  if (recordsGradients() || x.scalar_type() != torch::kFloat || x.dim() != 2) return layer.forward(x);
  const int64_t rows = x.size(0), inputs = x.size(1), outputs = layer.weight.size(0);
  TORCH_CHECK(layer.weight.size(1) == inputs, "stableLinear: ", inputs, " inputs for a layer of ",
              layer.weight.size(1));
  const int64_t lanes = kernels_default::kDenseLanes;
  const int64_t padded = (outputs + lanes - 1) / lanes * lanes;
  const auto weight = layer.weight.contiguous();
  const auto bias = layer.bias.defined() ? layer.bias.contiguous() : torch::zeros({outputs}, weight.options());
  const auto input = x.contiguous();
  auto out = torch::zeros({rows, padded}, weight.options());
  const float *in = input.data_ptr<float>(), *wp = weight.data_ptr<float>(), *bp = bias.data_ptr<float>();
  float* o = out.data_ptr<float>();
  const auto isa = kernelBuildToRun();
  // Each thread takes whole rows (and packs the weights for itself).
  at::parallel_for(0, rows, 8, [&](int64_t begin, int64_t end) {
    GAPLAB_KERNEL_CALL(isa, denseRows(in + begin * inputs, end - begin, inputs, wp, bp, o + begin * padded, outputs,
                                      padded));
  });
  return padded == outputs ? out : out.narrow(1, 0, outputs).contiguous();
}

torch::Tensor stableSequential(torch::nn::SequentialImpl& layers, const torch::Tensor& x) {
  auto y = x;
  for (auto& layer : layers) {
    if (auto* linear = layer.ptr()->as<torch::nn::Linear>()) y = stableLinear(*linear, y);
    else y = layer.forward(y);
  }
  return y;
}

torch::Tensor withBatchOfTwoOrMore(const torch::Tensor& x, const std::function<torch::Tensor(const torch::Tensor&)>& f) {
  if (recordsGradients() || x.size(0) != 1) return f(x);
  return f(torch::cat({x, x})).narrow(0, 0, 1);
}

}  // namespace gaplab
