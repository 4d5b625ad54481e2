// SPDX-License-Identifier: GPL-3.0-or-later
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

// The test indices whose true class is not `target`, in test order, among
// the first `limit` (all when negative).
inline std::vector<int> nonTargetRows(const std::vector<int>& labels, int target, int limit = -1) {
  std::vector<int> rows;
  const std::size_t end = limit < 0 ? labels.size() : std::min(labels.size(), static_cast<std::size_t>(limit));
  for (std::size_t i = 0; i < end; ++i)
    if (labels[i] != target) rows.push_back(static_cast<int>(i));
  return rows;
}

// The first `limit` of `count` indices (all when negative).
inline std::vector<int> firstRows(int count, int limit) {
  std::vector<int> rows(static_cast<std::size_t>(limit < 0 ? count : std::min(count, limit)));
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<int>(i);
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
