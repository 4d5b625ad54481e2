#pragma once
// Internal: the rows of an attack pool a session evaluates.
#include <algorithm>
#include <vector>

namespace gaplab {

// Rows [start, start + count) of `rows`, clamped to its size.
inline std::vector<int> slice(const std::vector<int>& rows, int start, int count) {
  start = std::clamp(start, 0, static_cast<int>(rows.size()));
  count = std::clamp(count, 0, static_cast<int>(rows.size()) - start);
  return {rows.begin() + start, rows.begin() + start + count};
}

// The test indices whose true class is not `target`, in test order.
inline std::vector<int> nonTargetRows(const std::vector<int>& labels, int target) {
  std::vector<int> rows;
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i] != target) rows.push_back(static_cast<int>(i));
  return rows;
}

// The true labels of `rows`.
inline std::vector<int> labelsAt(const std::vector<int>& labels, const std::vector<int>& rows) {
  std::vector<int> result;
  result.reserve(rows.size());
  for (int row : rows) result.push_back(labels[static_cast<std::size_t>(row)]);
  return result;
}

}  // namespace gaplab
