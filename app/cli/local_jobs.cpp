// SPDX-License-Identifier: GPL-3.0-or-later
#include "local_jobs.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include "commands.h"
#include "gaplab/error.h"
#include "sweep_runner.h"

extern char** environ;

namespace gaplab::cli {

namespace fs = std::filesystem;

namespace {

// argv without the flags the workers get their own values of.
std::vector<std::string> workerArguments(int argc, char** argv) {
  static const std::vector<std::string> replaced{"--jobs", "--out", "--summary", "--figure", "--shard", "--threads"};
  std::vector<std::string> kept;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    bool drop = false;
    for (const auto& flag : replaced) {
      if (word == flag) {
        drop = true;
        ++i;  // and its value
      } else if (word.rfind(flag + "=", 0) == 0) {
        drop = true;
      }
    }
    if (!drop) kept.push_back(word);
  }
  return kept;
}

std::string thisExecutable(const char* argv0) {
  std::error_code error;
  const auto path = fs::read_symlink("/proc/self/exe", error);
  return error ? std::string(argv0) : path.string();
}

}  // namespace

int runLocalJobs(int argc, char** argv, const LocalJobs& jobs) {
  if (jobs.jobs < 1) throw Error("--jobs must be >= 1, got " + std::to_string(jobs.jobs));
  const auto base = workerArguments(argc, argv);
  std::string parts = jobs.workDir.empty() ? std::string() : (fs::path(jobs.workDir) / "parts").string();
  if (parts.empty()) {
    char pattern[] = "/tmp/gaplab-jobs-XXXXXX";
    if (!::mkdtemp(pattern)) throw Error("cannot make a folder for the workers' shards in /tmp");
    parts = pattern;
  }
  fs::create_directories(parts);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const int threads = std::max(1, static_cast<int>(cores) / jobs.jobs);
  const auto executable = thisExecutable(argv[0]);
  std::vector<pid_t> workers;
  std::vector<std::string> shards;
  for (int i = 0; i < jobs.jobs; ++i) {
    auto arguments = base;
    const auto shard = parts + "/shard-" + std::to_string(i) + ".csv";
    for (const auto& word : {std::string("--shard"), std::to_string(i) + "/" + std::to_string(jobs.jobs),
                             std::string("--out"), shard})
      arguments.push_back(word);
    if (!jobs.threadsGiven) {
      arguments.push_back("--threads");
      arguments.push_back(std::to_string(threads));
    }
    std::vector<char*> words{const_cast<char*>(executable.c_str())};
    for (auto& word : arguments) words.push_back(word.data());
    words.push_back(nullptr);
    pid_t pid = 0;
    if (::posix_spawn(&pid, executable.c_str(), nullptr, nullptr, words.data(), environ) != 0)
      throw Error("cannot start worker " + std::to_string(i) + " (" + executable + ")");
    workers.push_back(pid);
    shards.push_back(shard);
  }
  std::string failed;
  for (std::size_t i = 0; i < workers.size(); ++i) {
    int status = 0;
    ::waitpid(workers[i], &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      failed += (failed.empty() ? "" : ", ") + std::to_string(i) + "/" + std::to_string(jobs.jobs);
  }
  if (!failed.empty()) throw Error("worker shards " + failed + " failed (their output is above); rerun to retry");
  const auto merged = mergeShards(jobs.out, jobs.summary, jobs.dropFailed, shards);
  if (!jobs.figure.empty())
    writeBudgetFigure(jobs.out, jobs.summary.empty() ? withExtension(jobs.out, ".json") : jobs.summary, jobs.figure,
                      {jobs.dropFailed, merged.classes});
  return 0;
}

}  // namespace gaplab::cli
