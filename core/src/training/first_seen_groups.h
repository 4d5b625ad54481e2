// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: a sweep's rows grouped into cells for its summary, each cell
// where its first row is, which is the order the sweep ran them.
#include <map>
#include <utility>
#include <vector>

namespace gaplab {

// Rows grouped by keyOf(row), groups in first-seen order, rows in their own
// order within a group; rows `keep` refuses are left out.
template <typename Row, typename KeyOf, typename Keep>
auto firstSeenGroups(const std::vector<Row>& rows, KeyOf keyOf, Keep keep) {
  using Key = decltype(keyOf(std::declval<const Row&>()));
  std::vector<std::pair<Key, std::vector<const Row*>>> grouped;
  std::map<Key, std::size_t> where;
  for (const auto& row : rows) {
    if (!keep(row)) continue;
    auto key = keyOf(row);
    auto it = where.find(key);
    if (it == where.end()) {
      it = where.emplace(key, grouped.size()).first;
      grouped.push_back({std::move(key), {}});
    }
    grouped[it->second].second.push_back(&row);
  }
  return grouped;
}

template <typename Row, typename KeyOf>
auto firstSeenGroups(const std::vector<Row>& rows, KeyOf keyOf) {
  return firstSeenGroups(rows, keyOf, [](const Row&) { return true; });
}

}  // namespace gaplab
