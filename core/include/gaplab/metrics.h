// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <vector>

namespace gaplab {

// Attack metrics over triggered inputs. Samples whose true class is the target
// are not counted: they say nothing about the backdoor.
struct AttackMetrics {
  int evaluated = 0;  // triggered samples whose true class is not the target
  int hits = 0;       // ... predicted as the target
  int robust = 0;     // ... still given their true label
  int truncated = 0;  // text: ... whose trigger truncation cut (partly) off
  // Counts of two disjoint sets of inputs, together.
  AttackMetrics& operator+=(const AttackMetrics& other) {
    evaluated += other.evaluated;
    hits += other.hits;
    robust += other.robust;
    truncated += other.truncated;
    return *this;
  }
  double asr() const { return evaluated ? double(hits) / evaluated : 0.0; }
  double robustAccuracy() const { return evaluated ? double(robust) / evaluated : 0.0; }
};

// One trigger placement evaluated on the test inputs whose true class is not
// the target, with every prediction kept so any metric can be recomputed.
struct AttackResult {
  AttackMetrics metrics;
  std::vector<int> samples;      // test indices evaluated
  std::vector<int> labels;       // their true classes
  std::vector<int> predictions;  // per evaluated sample
};

AttackMetrics attackMetrics(const std::vector<int>& trueLabels, const std::vector<int>& predictions, int target);
double accuracy(const std::vector<int>& trueLabels, const std::vector<int>& predictions);

struct Interval {
  double low = 0.0;
  double high = 0.0;
};
// 95% Wilson score interval for k successes in n trials (z = 1.96 by default).
Interval wilsonInterval(int successes, int trials, double z = 1.959963984540054);

struct MeanStd {
  double mean = 0.0;
  double std = 0.0;  // sample standard deviation (n - 1); 0 for fewer than two values
  int count = 0;
};
MeanStd meanStd(const std::vector<double>& values);

// The authors' failed-run filter: their plotting script drops runs whose
// clean accuracy is <= 1.2 / classes before averaging. Off by default.
struct FailedRunFilter {
  bool on = false;
  int classes = 0;
  bool drops(double cleanAccuracy) const { return on && classes > 0 && cleanAccuracy <= 1.2 / classes; }
};

}  // namespace gaplab
