// SPDX-License-Identifier: GPL-3.0-or-later
// The defences' arithmetic: plain
// C++, checked by hand in tst_defences.
#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <sstream>

#include "gaplab/defences.h"
#include "gaplab/error.h"

namespace gaplab {

std::string defenceMethodName(DefenceMethod method) {
  switch (method) {
    case DefenceMethod::NeuralCleanse: return "nc";
    case DefenceMethod::Strip: return "strip";
    case DefenceMethod::ActivationClustering: return "ac";
    case DefenceMethod::SpectralSignatures: return "ss";
  }
  return "nc";
}

DefenceMethod parseDefenceMethod(const std::string& name) {
  for (auto method : {DefenceMethod::NeuralCleanse, DefenceMethod::Strip, DefenceMethod::ActivationClustering,
                      DefenceMethod::SpectralSignatures})
    if (defenceMethodName(method) == name) return method;
  throw Error("unknown defence '" + name + "' (nc, strip, ac or ss)");
}

std::vector<DefenceMethod> parseDefenceMethods(const std::string& commaSeparated) {
  std::vector<DefenceMethod> methods;
  std::stringstream stream(commaSeparated);
  std::string name;
  while (std::getline(stream, name, ',')) {
    const auto method = parseDefenceMethod(name);
    if (std::find(methods.begin(), methods.end(), method) != methods.end())
      throw Error("defence '" + name + "' is named twice");
    methods.push_back(method);
  }
  if (methods.empty()) throw Error("no defence named (nc, strip, ac or ss)");
  return methods;
}

double numpyMedian(std::vector<double> values) {
  if (values.empty()) throw Error("the median of no values");
  std::sort(values.begin(), values.end());
  const auto n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

MadOutliers madOutliers(const std::vector<double>& norms) {
  MadOutliers result;
  result.median = numpyMedian(norms);
  std::vector<double> deviations;
  for (double n : norms) deviations.push_back(std::abs(n - result.median));
  result.mad = 1.4826 * numpyMedian(deviations);
  // TrojanZoo's guard: the official code would divide by zero when half the norms are equal.
  const double scale = result.mad > 0 ? result.mad : 1e-8;
  for (double n : norms) result.indices.push_back((n - result.median) / scale);
  result.anomalyIndex = std::abs(*std::min_element(norms.begin(), norms.end()) - result.median) / scale;
  for (std::size_t i = 0; i < norms.size(); ++i)
    if (norms[i] <= result.median && std::abs(result.indices[i]) > 2) result.flagged.push_back(static_cast<int>(i));
  std::sort(result.flagged.begin(), result.flagged.end(),
            [&](int a, int b) { return norms[static_cast<std::size_t>(a)] < norms[static_cast<std::size_t>(b)]; });
  return result;
}

double entropyBits(const std::vector<float>& probabilities) {
  double h = 0;
  for (float p : probabilities)
    if (p > 0) h -= double(p) * std::log2(double(p));
  return h;
}

double inverseNormalCdf(double p) {
  if (!(p > 0 && p < 1)) throw Error("a probability in (0, 1) is needed, not " + std::to_string(p));
  // Newton's method on Phi(x) = erfc(-x / sqrt 2) / 2, from a logistic first guess.
  double x = std::log(p / (1 - p)) / 1.702;
  for (int i = 0; i < 100; ++i) {
    const double cdf = 0.5 * std::erfc(-x / std::sqrt(2.0));
    const double density = std::exp(-x * x / 2) / std::sqrt(2 * M_PI);
    const double step = (cdf - p) / density;
    x -= step;
    if (std::abs(step) < 1e-14 * std::max(1.0, std::abs(x))) break;
  }
  return x;
}

double normalBoundary(const std::vector<float>& cleanEntropies, double frr) {
  if (cleanEntropies.empty()) throw Error("STRIP needs clean inputs to set its boundary");
  const double n = static_cast<double>(cleanEntropies.size());
  const double mean = std::accumulate(cleanEntropies.begin(), cleanEntropies.end(), 0.0) / n;
  double squares = 0;
  for (float h : cleanEntropies) squares += (h - mean) * (h - mean);
  return mean + std::sqrt(squares / n) * inverseNormalCdf(frr);  // ddof 0, as scipy.stats.norm.fit
}

double empiricalBoundary(std::vector<float> cleanEntropies, double frr) {
  if (cleanEntropies.empty()) throw Error("STRIP needs clean inputs to set its boundary");
  if (!(frr >= 0 && frr < 1)) throw Error("the false rejection rate must lie in [0, 1), not " + std::to_string(frr));
  std::sort(cleanEntropies.begin(), cleanEntropies.end());
  return cleanEntropies[static_cast<std::size_t>(static_cast<double>(cleanEntropies.size()) * frr)];
}

double maskIou(const CellGrid& mask, int row, int col, int rows, int cols) {
  const std::size_t k = static_cast<std::size_t>(std::max(rows, 0)) * static_cast<std::size_t>(std::max(cols, 0));
  if (k == 0 || k > mask.values.size()) return 0;
  std::vector<float> sorted = mask.values;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k - 1), sorted.end(), std::greater<>());
  const float kth = sorted[k - 1];
  std::size_t chosen = 0, inside = 0;
  for (std::size_t i = 0; i < mask.values.size(); ++i) {
    if (!(mask.values[i] >= kth)) continue;
    ++chosen;
    const int r = static_cast<int>(i) / mask.cols, c = static_cast<int>(i) % mask.cols;
    if (r >= row && r < row + rows && c >= col && c < col + cols) ++inside;
  }
  return double(inside) / double(chosen + k - inside);
}

}  // namespace gaplab
