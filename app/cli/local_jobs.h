// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>

namespace gaplab::cli {

// What --jobs N splits: the sweep command line as given, and its outputs.
struct LocalJobs {
  int jobs = 1;
  std::string out, summary, figure, workDir;
  bool dropFailed = false;
  bool threadsGiven = false;  // else each worker gets cores / N threads
};

// Runs the sweep of this command line (argv, with --jobs) as N worker
// processes of this executable over N shards, then merges them into OUT and
// its summary (and a budget's figure). Throws Error naming a failed worker.
int runLocalJobs(int argc, char** argv, const LocalJobs& jobs);

}  // namespace gaplab::cli
