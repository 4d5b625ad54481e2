// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What every sweep command (grid, budget) does the same way: a
// deterministic job list, shards of it (--shard I/N), resumable work
// directories (--work-dir), and merging shards into exactly the CSV and
// summary of an unsharded run. Written once for every sweep.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gaplab/metrics.h"
#include "shards.h"

namespace gaplab::cli {

// A sweep as the runner sees it.
class Sweep {
public:
  virtual ~Sweep() = default;
  virtual std::string command() const = 0;   // "grid", "budget"
  virtual std::string identity() const = 0;  // JSON: what makes two runs the same sweep (spec, plan)
  virtual std::string header() const = 0;    // the CSV's first line
  virtual std::vector<double> jobCosts() const = 0;  // one per job, relative
  virtual void open() = 0;                   // loads the data, once, before the first job
  virtual int classCount() const = 0;        // after open()
  // One job's rows as CSV lines (each ending in '\n'); with `checkpoint`, its model is saved there.
  virtual std::string runJob(int job, const std::string& checkpoint) = 0;
};

// The summary and the terminal table of a whole CSV (header and rows in job
// order) of `command`'s sweep with `identity`: the same for a run and a merge.
struct SweepReport {
  std::string summary;
  std::string table;
};
SweepReport reportSweep(const std::string& command, const std::string& identity, const std::string& csv,
                        const FailedRunFilter& filter);

struct SweepOutputs {
  std::string out;
  std::string summary;  // default OUT with .json
  std::optional<Shard> shard;
  std::string workDir;
  bool dropFailed = false;
};

// Runs `sweep` (its shard, if one is given; skipping jobs a work directory
// already holds) and writes OUT and the summary, or, for a shard, OUT and
// OUT.shard.json for `merge`.
int runSweepJobs(Sweep& sweep, const SweepOutputs& outputs);

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
