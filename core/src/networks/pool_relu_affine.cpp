// SPDX-License-Identifier: GPL-3.0-or-later
#include "pool_relu_affine.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "gaplab/error.h"
#include "kernel_isa.h"
#include "pool_window.h"

namespace gaplab {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

torch::Tensor channelsLast(const torch::Tensor& t) { return t.contiguous(torch::MemoryFormat::ChannelsLast); }

torch::Tensor emptyChannelsLast(int64_t n, int64_t c, int64_t h, int64_t w, const torch::TensorOptions& options) {
  return torch::empty({n, c, h, w}, options.memory_format(torch::MemoryFormat::ChannelsLast));
}



#define GAPLAB_KERNELS_FILE "pool_relu_affine_kernels.inc"
#include "kernel_builds.inc"
#undef GAPLAB_KERNELS_FILE

void checkArguments(const char* what, const torch::Tensor& x, const torch::Tensor& scale, const torch::Tensor& shift,
                    int64_t minSide) {
  if (x.dim() != 4 || x.scalar_type() != torch::kFloat || x.size(2) < minSide || x.size(3) < minSide)
    throw Error(std::string(what) + ": needs a float [N, C, H, W] input with H, W >= " + std::to_string(minSide));
  if (scale.numel() != x.size(1) || shift.numel() != x.size(1))
    throw Error(std::string(what) + ": scale and shift need one value per channel (" + std::to_string(x.size(1)) + ")");
  if (scale.requires_grad() || shift.requires_grad())
    throw Error(std::string(what) + ": scale and shift are constants, not parameters to learn");
}

struct PoolReluAffine : torch::autograd::Function<PoolReluAffine> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& input, const torch::Tensor& scaleIn,
                               const torch::Tensor& shiftIn) {
    const auto x = channelsLast(input);
    const auto scale = scaleIn.contiguous(), shift = shiftIn.contiguous();
    const int64_t N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3), Ho = H / 2, Wo = W / 2;
    auto out = emptyChannelsLast(N, C, Ho, Wo, x.options());
    auto code = torch::empty({N, Ho, Wo, C}, x.options().dtype(torch::kByte));
    const float* in = x.data_ptr<float>();
    float* o = out.data_ptr<float>();
    std::uint8_t* k = code.data_ptr<std::uint8_t>();
    const float *s = scale.data_ptr<float>(), *t = shift.data_ptr<float>();
    const auto isa = kernelIsa();
    at::parallel_for(0, N * Ho, 1, [&](int64_t begin, int64_t end) {
      for (int64_t row = begin; row < end; ++row) {
        const int64_t n = row / Ho, ho = row % Ho;
        const float* top = in + (n * H + 2 * ho) * W * C;
        GAPLAB_KERNEL_CALL(isa, poolRow(top, top + W * C, s, t, o + row * Wo * C, k + row * Wo * C, Wo, C));
      }
    });
    ctx->saved_data["code"] = code;
    ctx->saved_data["scale"] = scale;
    ctx->saved_data["height"] = H;
    ctx->saved_data["width"] = W;
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
    const auto code = ctx->saved_data["code"].toTensor();
    const auto scale = ctx->saved_data["scale"].toTensor();
    const int64_t H = ctx->saved_data["height"].toInt(), W = ctx->saved_data["width"].toInt();
    const auto g = channelsLast(gradOutputs[0]);
    const int64_t N = g.size(0), C = g.size(1), Ho = g.size(2), Wo = g.size(3);
    auto gradInput = emptyChannelsLast(N, C, H, W, g.options());
    const float* go = g.data_ptr<float>();
    const std::uint8_t* k = code.data_ptr<std::uint8_t>();
    float* gi = gradInput.data_ptr<float>();
    const float* s = scale.data_ptr<float>();
    const auto isa = kernelIsa();
    // Every element is written once: the winners get the gradient, the rest
    // of each window, and a floor-mode pool's last odd row and column, zero.
    at::parallel_for(0, N * Ho, 1, [&](int64_t begin, int64_t end) {
      for (int64_t row = begin; row < end; ++row) {
        const int64_t n = row / Ho, ho = row % Ho;
        float* top = gi + (n * H + 2 * ho) * W * C;
        float* bottom = top + W * C;
        GAPLAB_KERNEL_CALL(isa, unpoolRow(go + row * Wo * C, k + row * Wo * C, s, top, bottom, Wo, W, C));
        if (H % 2 == 1 && ho == Ho - 1) std::fill(bottom + W * C, bottom + 2 * W * C, 0.0f);
      }
    });
    return {gradInput, {}, {}};
  }
};

struct ReluAffine : torch::autograd::Function<ReluAffine> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& input, const torch::Tensor& scaleIn,
                               const torch::Tensor& shiftIn) {
    const auto x = channelsLast(input);
    const auto scale = scaleIn.contiguous(), shift = shiftIn.contiguous();
    const int64_t C = x.size(1), cells = x.numel() / std::max<int64_t>(C, 1);
    auto out = emptyChannelsLast(x.size(0), C, x.size(2), x.size(3), x.options());
    const float* in = x.data_ptr<float>();
    float* o = out.data_ptr<float>();
    const float *s = scale.data_ptr<float>(), *t = shift.data_ptr<float>();
    const auto isa = kernelIsa();
    at::parallel_for(0, cells, 256, [&](int64_t begin, int64_t end) {
      GAPLAB_KERNEL_CALL(isa, reluAffineCells(in + begin * C, s, t, o + begin * C, end - begin, C));
    });
    ctx->saved_data["input"] = x;
    ctx->saved_data["scale"] = scale;
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list gradOutputs) {
    const auto x = ctx->saved_data["input"].toTensor();
    const auto scale = ctx->saved_data["scale"].toTensor();
    const auto g = channelsLast(gradOutputs[0]);
    const int64_t C = g.size(1), cells = g.numel() / std::max<int64_t>(C, 1);
    auto gradInput = emptyChannelsLast(g.size(0), C, g.size(2), g.size(3), g.options());
    const float* go = g.data_ptr<float>();
    const float* in = x.data_ptr<float>();
    float* gi = gradInput.data_ptr<float>();
    const float* s = scale.data_ptr<float>();
    const auto isa = kernelIsa();
    at::parallel_for(0, cells, 256, [&](int64_t begin, int64_t end) {
      GAPLAB_KERNEL_CALL(isa, unReluAffineCells(go + begin * C, in + begin * C, s, gi + begin * C, end - begin, C));
    });
    return {gradInput, {}, {}};
  }
};

}  // namespace

torch::Tensor poolReluAffine(const torch::Tensor& x, const torch::Tensor& scale, const torch::Tensor& shift) {
  checkArguments("pool/ReLU/affine", x, scale, shift, 2);
  return PoolReluAffine::apply(x, scale.to(torch::kFloat), shift.to(torch::kFloat));
}

torch::Tensor reluAffine(const torch::Tensor& x, const torch::Tensor& scale, const torch::Tensor& shift) {
  checkArguments("ReLU/affine", x, scale, shift, 1);
  return ReluAffine::apply(x, scale.to(torch::kFloat), shift.to(torch::kFloat));
}

}  // namespace gaplab
