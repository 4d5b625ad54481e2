// SPDX-License-Identifier: GPL-3.0-or-later
// STRIP (Gao et al. 2019) and STRIP-ViTA: each input superimposed
// on N held-out clean inputs the modality's way; a backdoored input keeps
// its target whatever it is mixed with, so its mean prediction entropy is
// low. The boundary comes from clean inputs at a chosen FRR; the FAR is
// measured with the trigger at the training position and at every other
// test position: does STRIP still catch the trigger after it moves?
#include <chrono>

#include "defence_methods.h"
#include "gaplab/error.h"
#include "rng.h"

namespace gaplab {

namespace {

// H = (1/N) sum_n entropy(p_n) for each input's N superimpositions.
float meanEntropy(const torch::Tensor& probabilities) {
  const auto p = probabilities.to(torch::kDouble);
  const auto terms = torch::where(p > 0, -p * torch::log2(p), torch::zeros_like(p));  // 0 log 0 = 0
  return static_cast<float>(terms.sum().item<double>() / double(probabilities.size(0)));
}

double shareAbove(const std::vector<float>& entropies, double boundary) {
  if (entropies.empty()) return 0;
  int above = 0;
  for (float h : entropies) above += h > boundary ? 1 : 0;
  return double(above) / double(entropies.size());
}

}  // namespace

StripReport strip(DefenceSubject& subject, const StripSettings& s, const std::vector<std::string>& positions,
                  std::uint64_t seed, const DefenceProgressFn& progress, const std::atomic<bool>* stop) {
  if (s.overlays < 1) throw Error("STRIP needs at least one overlay, not " + std::to_string(s.overlays));
  if (!(s.frr > 0 && s.frr < 1)) throw Error("STRIP's false rejection rate must lie in (0, 1), not " + std::to_string(s.frr));
  const int held = subject.heldOutCount();
  if (held < 1) throw Error("STRIP needs held-out clean inputs to superimpose; there are none");
  const auto& labels = subject.checkedLabels();
  const int cleanCount = std::min<int>(s.inputs, subject.checkedCount());
  std::vector<int> triggeredRows;
  for (int row = 0; row < subject.checkedCount() && static_cast<int>(triggeredRows.size()) < s.inputs; ++row)
    if (labels[static_cast<std::size_t>(row)] != subject.target()) triggeredRows.push_back(row);
  if (cleanCount < 2) throw Error("STRIP needs at least two clean inputs to check");

  const int total = cleanCount + static_cast<int>(triggeredRows.size() * positions.size());
  int done = 0;
  const auto started = std::chrono::steady_clock::now();
  // Every input draws its partners from its own stream (seed, placement, row):
  // the same input gets the same partners whichever else is checked.
  auto entropyOf = [&](int row, const std::string& placement, std::uint64_t placementSalt) {
    checkStop(stop);
    SplitMix64 draws(seed ^ (placementSalt * 0x9e3779b97f4a7c15ULL) ^ (std::uint64_t(row) << 20));
    std::vector<int> partners(static_cast<std::size_t>(s.overlays));
    for (auto& p : partners) p = static_cast<int>(draws.below(static_cast<std::uint64_t>(held)));
    const float h = meanEntropy(subject.superimposed(row, placement, partners));
    if (progress && (++done % 20 == 0 || done == total)) {
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      progress({"STRIP", done, total, elapsed / done * (total - done)});
    }
    return h;
  };

  StripReport report;
  report.overlays = s.overlays;
  report.frr = s.frr;
  for (int row = 0; row < cleanCount; ++row) report.cleanEntropies.push_back(entropyOf(row, "", 0));
  double sum = 0, squares = 0;
  for (float h : report.cleanEntropies) sum += h;
  report.cleanMean = sum / cleanCount;
  for (float h : report.cleanEntropies) squares += (h - report.cleanMean) * (h - report.cleanMean);
  report.cleanStd = std::sqrt(squares / cleanCount);
  report.boundaryNormal = normalBoundary(report.cleanEntropies, s.frr);
  report.boundaryEmpirical = empiricalBoundary(report.cleanEntropies, s.frr);
  report.frrNormal = 1 - shareAbove(report.cleanEntropies, report.boundaryNormal);
  report.frrEmpirical = 1 - shareAbove(report.cleanEntropies, report.boundaryEmpirical);
  report.boundaryUsed = subject.empiricalStripBoundary() ? "empirical" : "normal";

  std::uint64_t salt = 1;
  for (const auto& placement : positions) {
    StripPosition position;
    position.placement = placement;
    for (int row : triggeredRows) position.entropies.push_back(entropyOf(row, placement, salt));
    ++salt;
    position.farNormal = shareAbove(position.entropies, report.boundaryNormal);
    position.farEmpirical = shareAbove(position.entropies, report.boundaryEmpirical);
    if (!triggeredRows.empty()) {
      torch::NoGradGuard noGrad;
      const auto predicted = probabilitiesOf(subject, subject.checked(triggeredRows, placement)).argmax(1);
      position.attackSuccess = predicted.eq(subject.target()).to(torch::kDouble).mean().item<double>();
      std::vector<float> successful;
      for (std::size_t i = 0; i < triggeredRows.size(); ++i)
        if (predicted[static_cast<int64_t>(i)].item<int64_t>() == subject.target()) successful.push_back(position.entropies[i]);
      position.successful = static_cast<int>(successful.size());
      position.farSuccessfulNormal = shareAbove(successful, report.boundaryNormal);
      position.farSuccessfulEmpirical = shareAbove(successful, report.boundaryEmpirical);
    }
    report.positions.push_back(std::move(position));
  }
  return report;
}

}  // namespace gaplab
