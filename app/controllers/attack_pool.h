#pragma once
#include <algorithm>
#include <random>
#include <vector>

namespace gaplab::app {

// The rows an attack is measured on (true class != target), in a fixed
// shuffled order: any prefix is a fair sample, and the same every time.
inline std::vector<int> shuffledPool(const std::vector<int>& labels, int target) {
  std::vector<int> rows;
  for (int i = 0; i < static_cast<int>(labels.size()); ++i)
    if (labels[static_cast<std::size_t>(i)] != target) rows.push_back(i);
  std::mt19937 rng(7);
  std::shuffle(rows.begin(), rows.end(), rng);
  return rows;
}

inline std::vector<int> slice(const std::vector<int>& rows, int start, int count) {
  start = std::clamp(start, 0, static_cast<int>(rows.size()));
  count = std::clamp(count, 0, static_cast<int>(rows.size()) - start);
  return {rows.begin() + start, rows.begin() + start + count};
}

}  // namespace gaplab::app
