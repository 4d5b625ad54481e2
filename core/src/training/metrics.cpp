// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/metrics.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "gaplab/error.h"

namespace gaplab {

namespace {
void requireSameLength(const std::vector<int>& a, const std::vector<int>& b) {
  if (a.size() != b.size())
    throw Error("got " + std::to_string(b.size()) + " predictions for " + std::to_string(a.size()) + " labels");
}
}  // namespace

AttackMetrics attackMetrics(const std::vector<int>& trueLabels, const std::vector<int>& predictions, int target) {
  requireSameLength(trueLabels, predictions);
  AttackMetrics m;
  for (std::size_t i = 0; i < trueLabels.size(); ++i) {
    if (trueLabels[i] == target) continue;
    ++m.evaluated;
    if (predictions[i] == target) ++m.hits;
    if (predictions[i] == trueLabels[i]) ++m.robust;
  }
  return m;
}

double accuracy(const std::vector<int>& trueLabels, const std::vector<int>& predictions) {
  requireSameLength(trueLabels, predictions);
  if (trueLabels.empty()) return 0.0;
  int correct = 0;
  for (std::size_t i = 0; i < trueLabels.size(); ++i) correct += trueLabels[i] == predictions[i];
  return double(correct) / double(trueLabels.size());
}

Interval wilsonInterval(int k, int n, double z) {
  if (n <= 0) return {0.0, 1.0};
  const double p = double(k) / n, z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

MeanStd meanStd(const std::vector<double>& values) {
  MeanStd r;
  r.count = static_cast<int>(values.size());
  if (values.empty()) return r;
  double sum = 0;
  for (double v : values) sum += v;
  r.mean = sum / r.count;
  if (r.count > 1) {
    double squares = 0;
    for (double v : values) squares += (v - r.mean) * (v - r.mean);
    r.std = std::sqrt(squares / (r.count - 1));
  }
  return r;
}

}  // namespace gaplab
