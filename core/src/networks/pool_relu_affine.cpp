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

// The loops below run over channels, which are contiguous in channels-last
// memory, through restrict pointers: the compiler vectorises them.

// One pooled row: Wo windows of C channels; top and bottom are the two input rows.
GAPLAB_KERNEL_INLINE void poolRow(
    const float* __restrict top, const float* __restrict bottom, const float* __restrict scale,
    const float* __restrict shift, float* __restrict out, std::uint8_t* __restrict code, int64_t pooledWidth,
    int64_t channels) {
  for (int64_t wo = 0; wo < pooledWidth; ++wo) {
    const float* a = top + 2 * wo * channels;
    const float* b = a + channels;
    const float* c = bottom + 2 * wo * channels;
    const float* d = c + channels;
    float* o = out + wo * channels;
    std::uint8_t* k = code + wo * channels;
    for (int64_t ch = 0; ch < channels; ++ch) {
      float best = a[ch];
      std::int32_t won = 0;
      takeIfWins(b[ch], 1, best, won);
      takeIfWins(c[ch], 2, best, won);
      takeIfWins(d[ch], 3, best, won);
      o[ch] = reluOf(best) * scale[ch] + shift[ch];
      k[ch] = static_cast<std::uint8_t>(codeOf(best, won));
    }
  }
}

// The gradient of one pooled row into its two input rows (width W: a
// floor-mode pool's last odd column gets zero).
GAPLAB_KERNEL_INLINE void unpoolRow(
    const float* __restrict grad, const std::uint8_t* __restrict code, const float* __restrict scale,
    float* __restrict top, float* __restrict bottom, int64_t pooledWidth, int64_t width, int64_t channels) {
  for (int64_t wo = 0; wo < pooledWidth; ++wo) {
    const float* g = grad + wo * channels;
    const std::uint8_t* k = code + wo * channels;
    float* a = top + 2 * wo * channels;
    float* b = a + channels;
    float* c = bottom + 2 * wo * channels;
    float* d = c + channels;
    for (int64_t ch = 0; ch < channels; ++ch) {
      const float v = g[ch] * scale[ch];
      const std::int32_t won = k[ch];
      a[ch] = won == 0 ? v : 0.0f;
      b[ch] = won == 1 ? v : 0.0f;
      c[ch] = won == 2 ? v : 0.0f;
      d[ch] = won == 3 ? v : 0.0f;
    }
  }
  std::fill(top + 2 * pooledWidth * channels, top + width * channels, 0.0f);
  std::fill(bottom + 2 * pooledWidth * channels, bottom + width * channels, 0.0f);
}

GAPLAB_KERNEL_INLINE void reluAffineCells(
    const float* __restrict in, const float* __restrict scale, const float* __restrict shift, float* __restrict out,
    int64_t cells, int64_t channels) {
  for (int64_t cell = 0; cell < cells; ++cell) {
    const float* x = in + cell * channels;
    float* o = out + cell * channels;
    for (int64_t ch = 0; ch < channels; ++ch) o[ch] = reluOf(x[ch]) * scale[ch] + shift[ch];
  }
}

// threshold_backward's rule: the gradient passes where the input is > 0.
GAPLAB_KERNEL_INLINE void unReluAffineCells(
    const float* __restrict grad, const float* __restrict in, const float* __restrict scale, float* __restrict out,
    int64_t cells, int64_t channels) {
  for (int64_t cell = 0; cell < cells; ++cell) {
    const float* g = grad + cell * channels;
    const float* x = in + cell * channels;
    float* o = out + cell * channels;
    for (int64_t ch = 0; ch < channels; ++ch) o[ch] = x[ch] > 0 ? g[ch] * scale[ch] : 0.0f;
  }
}

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
      runWithKernelIsa(isa, [&]() GAPLAB_ALWAYS_INLINE {
        for (int64_t row = begin; row < end; ++row) {
          const int64_t n = row / Ho, ho = row % Ho;
          const float* top = in + (n * H + 2 * ho) * W * C;
          poolRow(top, top + W * C, s, t, o + row * Wo * C, k + row * Wo * C, Wo, C);
        }
      });
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
      runWithKernelIsa(isa, [&]() GAPLAB_ALWAYS_INLINE {
        for (int64_t row = begin; row < end; ++row) {
          const int64_t n = row / Ho, ho = row % Ho;
          float* top = gi + (n * H + 2 * ho) * W * C;
          float* bottom = top + W * C;
          unpoolRow(go + row * Wo * C, k + row * Wo * C, s, top, bottom, Wo, W, C);
          if (H % 2 == 1 && ho == Ho - 1) std::fill(bottom + W * C, bottom + 2 * W * C, 0.0f);
        }
      });
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
      runWithKernelIsa(isa, [&]() GAPLAB_ALWAYS_INLINE {
        reluAffineCells(in + begin * C, s, t, o + begin * C, end - begin, C);
      });
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
      runWithKernelIsa(isa, [&]() GAPLAB_ALWAYS_INLINE {
        unReluAffineCells(go + begin * C, in + begin * C, s, gi + begin * C, end - begin, C);
      });
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
