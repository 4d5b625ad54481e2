// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A sweep's job list cut into shards, for job arrays and local workers.
#include <string>
#include <vector>

namespace gaplab::cli {

// Shard `index` (0-based, as SLURM_ARRAY_TASK_ID) of `count`.
struct Shard {
  int index = 0;
  int count = 1;
  std::string text() const { return std::to_string(index) + "/" + std::to_string(count); }
};
Shard parseShard(const std::string& text);  // "I/N", 0 <= I < N; throws Error naming it
// The jobs shard `shard` runs, ascending: the costliest job first to the
// least loaded shard (ties to the lower shard), so shards take about equal time.
std::vector<int> shardJobs(const std::vector<double>& costs, Shard shard);

}  // namespace gaplab::cli
