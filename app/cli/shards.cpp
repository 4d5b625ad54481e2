// SPDX-License-Identifier: GPL-3.0-or-later
#include "shards.h"

#include <algorithm>
#include <cstdio>

#include "gaplab/error.h"

namespace gaplab::cli {

Shard parseShard(const std::string& text) {
  Shard shard;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%d/%d%c", &shard.index, &shard.count, &extra) != 2 || shard.count < 1 ||
      shard.index < 0 || shard.index >= shard.count)
    throw Error("bad shard '" + text + "': expected I/N with 0 <= I < N (I as SLURM_ARRAY_TASK_ID counts)");
  return shard;
}

std::vector<int> shardJobs(const std::vector<double>& costs, Shard shard) {
  std::vector<int> order(costs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return costs[static_cast<std::size_t>(a)] > costs[static_cast<std::size_t>(b)]; });
  std::vector<double> load(static_cast<std::size_t>(shard.count), 0.0);
  std::vector<int> mine;
  for (const int job : order) {
    const auto least = static_cast<int>(std::min_element(load.begin(), load.end()) - load.begin());
    load[static_cast<std::size_t>(least)] += costs[static_cast<std::size_t>(job)];
    if (least == shard.index) mine.push_back(job);
  }
  std::sort(mine.begin(), mine.end());
  return mine;
}

}  // namespace gaplab::cli
