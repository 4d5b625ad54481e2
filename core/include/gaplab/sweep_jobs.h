// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A sweep: a fixed, numbered list of jobs, each one training (or a model kept
// from an earlier run) and what is measured on it, written as rows of one
// table. Grid, budget and detect-grid are sweeps. The CLI shards, resumes and
// merges any sweep and the GUI runs any sweep on its torch queue through this
// one interface: stop flag in, progress and rows out.
#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "gaplab/error.h"
#include "gaplab/experiment_spec.h"
#include "gaplab/metrics.h"
#include "gaplab/table.h"
#include "gaplab/training.h"

namespace gaplab {

class Experiment;

// Where one job of a sweep is.
struct JobProgress {
  int job = 0;  // 0-based, in the sweep's order
  int jobs = 0;
  std::string label;                // the job's, as jobLabel gives it
  std::string stage = "training";  // or a defence's stage
  BatchProgress batch;              // while training
  int done = 0, total = 0;          // in any other stage
  double secondsLeft = -1;          // in any other stage, when known
  bool training() const { return stage == "training"; }
  static JobProgress of(int job, int jobs, std::string label) {
    JobProgress progress;
    progress.job = job;
    progress.jobs = jobs;
    progress.label = std::move(label);
    return progress;
  }
};
using JobProgressCallback = std::function<void(const JobProgress&)>;

// A sweep's summary (JSON) and its table for the terminal and the README.
struct SweepReport {
  std::string summary;
  std::string table;
};

// What a caller needs of any sweep, whatever its rows.
class SweepJobs {
public:
  virtual ~SweepJobs() = default;
  virtual std::string kind() const = 0;  // a sweepKinds() name: "grid", "budget", "detect-grid"
  virtual const ExperimentSpec& spec() const = 0;
  // JSON: what makes two runs the same sweep ({"spec": ..., and the kind's own settings}).
  virtual std::string identity() const = 0;
  virtual int jobCount() const = 0;
  virtual double jobCost(int /*job*/) const { return 1.0; }  // relative, for balanced shards
  virtual std::string jobLabel(int job) const = 0;         // "gap @ upper-left, rep 0"
  // The most poison any job puts in `experiment`'s training split, before
  // the first job: throws Error for a level that does not fit it, so that a
  // bad plan fails at once and not after hours of training.
  virtual int largestPoisonCount(const Experiment& experiment) const;
  virtual std::string header() const = 0;  // the CSV's first line

  // One job's rows as CSV lines (each ending in '\n') and a line of text for
  // each, to show as it finishes.
  struct Written {
    std::string csv;
    std::vector<std::string> described;
  };
  // One job on an opened experiment of the sweep's spec; with `checkpoint`,
  // its model is kept there. Throws Error, and Cancelled when *stop.
  virtual Written runJobWritten(const Experiment& experiment, int job, const std::string& checkpoint,
                                const JobProgressCallback& progress, const std::atomic<bool>* stop) = 0;
  // The summary and table of a whole CSV of this sweep (header, rows in job order).
  SweepReport report(const std::string& csv, const FailedRunFilter& filter) const;
};

// A sweep whose rows are `Row`s, declared once in its table.
template <typename Row>
class SweepOf : public SweepJobs {
public:
  virtual const Table<Row>& table() const = 0;
  virtual std::vector<Row> runJob(const Experiment& experiment, int job, const std::string& checkpoint,
                                  const JobProgressCallback& progress, const std::atomic<bool>* stop) = 0;
  virtual std::string describe(const Row& row) const = 0;  // one line, for a progress log

  std::string header() const final { return table().header(); }
  Written runJobWritten(const Experiment& experiment, int job, const std::string& checkpoint,
                        const JobProgressCallback& progress, const std::atomic<bool>* stop) final {
    const auto rows = runJob(experiment, job, checkpoint, progress, stop);
    Written written{table().rows(rows), {}};
    for (const auto& row : rows) written.described.push_back(describe(row));
    return written;
  }
};

// Every job of `sweep` in order on `experiment`, each job's rows handed to
// `onRows` as it finishes. Throws Error, and Cancelled when *stop.
template <typename Row>
void runEveryJob(SweepOf<Row>& sweep, const Experiment& experiment, const JobProgressCallback& progress,
                 const std::function<void(const std::vector<Row>&)>& onRows, const std::atomic<bool>* stop) {
  sweep.largestPoisonCount(experiment);
  for (int job = 0; job < sweep.jobCount(); ++job) {
    if (stop && *stop) throw Cancelled();
    const auto rows = sweep.runJob(experiment, job, {}, progress, stop);
    if (onRows) onRows(rows);
  }
}

// A kind of sweep, found by the name its shards and work directories record.
struct SweepKind {
  std::string name;
  // The summary and table of a whole CSV of this kind's sweep on `spec`.
  std::function<SweepReport(const ExperimentSpec& spec, const std::string& csv, const FailedRunFilter& filter)> report;
};
const std::vector<SweepKind>& sweepKinds();
const SweepKind& sweepKind(const std::string& name);  // throws Error listing the known ones
// The spec inside a sweep's identity JSON; throws Error naming `origin`.
ExperimentSpec specOfIdentity(const std::string& identity, const std::string& origin);

}  // namespace gaplab
