// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What every sweep command (grid, budget, detect-grid) does the same way: a
// deterministic job list, shards of it (--shard I/N), resumable work
// directories (--work-dir), and merging shards into exactly the CSV and
// summary of an unsharded run. Written once for every sweep (core's SweepJobs).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gaplab/metrics.h"
#include "gaplab/sweep_jobs.h"
#include "shards.h"

namespace gaplab::cli {

struct SweepOutputs {
  std::string out;
  std::string summary;  // default OUT with .json
  std::optional<Shard> shard;
  std::string workDir;
  bool dropFailed = false;
};

// Runs `sweep` (its shard, if one is given; skipping jobs a work directory
// already holds) with a progress line, and writes OUT and the summary, or,
// for a shard, OUT and OUT.shard.json for `merge`.
struct SweepOutcome {
  int classes = 0;  // of the sweep's data: the failed-run filter of a figure drawn after needs it
};
SweepOutcome runSweepJobs(SweepJobs& sweep, const SweepOutputs& outputs);

// Writes `out` and its summary from shard files: exactly what the unsharded
// run writes. Throws Error naming a foreign or corrupt shard, and any job
// that is missing or in two shards.
struct Merged {
  std::string command;  // of the sweep the shards belong to
  int classes = 0;
};
Merged mergeShards(const std::string& out, const std::string& summary, bool dropFailed,
                   const std::vector<std::string>& shards);

}  // namespace gaplab::cli
