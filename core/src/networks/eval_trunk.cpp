// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval_trunk.h"

#include "kernel_isa.h"
#include "trunk_runs.h"

namespace gaplab {

namespace nn = torch::nn;

torch::Tensor channelsLastCopy(const torch::Tensor& t) {
  return torch::empty_like(t, t.options(), torch::MemoryFormat::ChannelsLast).copy_(t);
}

std::optional<EvalTrunk> EvalTrunk::build(nn::Sequential& trunk) {
  torch::NoGradGuard noGrad;
  auto layers = trunk::layersOf(trunk);
  if (!layers) return std::nullopt;
  trunk::movePoolsForward(*layers);
  const auto folded = trunk::foldNormsIntoConvs(std::move(*layers));
  const bool fuse = kernelIsa() != KernelIsa::Off;
  EvalTrunk result;
  for (std::size_t i = 0; i < folded.size();) {
    auto run = fuse ? trunk::convRunAt(folded, i) : std::nullopt;
    if (!run) run = trunk::plainRunAt(folded, i, folded.size(), fuse);
    result.names_.push_back(run->name);
    result.steps_.push_back(std::move(run->step));
    i += run->count;
  }
  result.sources_ = sourcesOf(trunk);
  return result;
}

torch::Tensor EvalTrunk::forward(const torch::Tensor& x) const {
  auto y = x;
  // Only tensors this trunk made are changed in place, and none that
  // autograd keeps for a backward pass.
  const bool mayChangeInPlace = !trunk::differentiated(x);
  bool ours = false;
  for (const auto& step : steps_) {
    y = step(y, ours && mayChangeInPlace);
    ours = true;
  }
  return y;
}

std::string EvalTrunk::layout() const {
  std::string text;
  for (const auto& name : names_) text += (text.empty() ? "" : " ") + name;
  return text;
}

namespace {
// Tensors made under InferenceMode have no version counter: such a trunk
// counts as changed at every call and is rebuilt (correct, only slower).
constexpr int64_t kUntracked = -1;
}  // namespace

std::vector<EvalTrunk::Source> EvalTrunk::sourcesOf(const nn::Sequential& trunk) {
  std::vector<Source> sources;
  const auto add = [&](const torch::Tensor& t) {
    sources.push_back({t.data_ptr(), t.is_inference() ? kUntracked : t._version()});
  };
  for (const auto& tensor : trunk->parameters()) add(tensor);
  for (const auto& tensor : trunk->buffers()) add(tensor);
  return sources;
}

bool EvalTrunk::builtFrom(const nn::Sequential& trunk) const {
  const auto now = sourcesOf(trunk);
  if (now.size() != sources_.size()) return false;
  for (std::size_t i = 0; i < now.size(); ++i)
    if (now[i].data != sources_[i].data || now[i].version != sources_[i].version || now[i].version == kUntracked)
      return false;
  return true;
}

}  // namespace gaplab
