// SPDX-License-Identifier: GPL-3.0-or-later
// gaplab-cli sbatch: a sweep as a Slurm job array, with no glue. The spec is
// frozen into the work directory, every task runs its shard into it (and
// resumes there if requeued), and a merge job after the array writes the
// sweep's own CSV and summary.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "gaplab/atomic_file.h"
#include "gaplab/budget.h"
#include "gaplab/error.h"

namespace gaplab::cli {

namespace fs = std::filesystem;

namespace {

// One word for bash, whatever it holds.
std::string quoted(const std::string& word) {
  std::string out = "'";
  for (const char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string absolute(const std::string& path) { return path.empty() ? path : fs::absolute(path).lexically_normal().string(); }

std::string thisExecutable() {
  std::error_code error;
  const auto path = fs::read_symlink("/proc/self/exe", error);
  if (error) throw Error("cannot tell where this gaplab-cli is (/proc/self/exe): give --gaplab-cli PATH");
  return path.string();
}

std::string header(const SbatchArgs& args, const std::string& name, const std::string& log) {
  std::string text = "#!/bin/bash\n#SBATCH --job-name=" + name + "\n#SBATCH --output=" + log + "\n";
  if (!args.partition.empty()) text += "#SBATCH --partition=" + args.partition + "\n";
  if (!args.time.empty()) text += "#SBATCH --time=" + args.time + "\n";
  if (!args.mem.empty()) text += "#SBATCH --mem=" + args.mem + "\n";
  return text;
}

}  // namespace

int writeSbatch(const SbatchArgs& args, const std::string& command) {
  const bool grid = command == "grid";
  const auto& workDirFlag = grid ? args.grid.workDir : args.budget.workDir;
  if (workDirFlag.empty()) throw Error("sbatch needs --work-dir DIR, on a file system every node sees");
  if (args.tasks < 1) throw Error("--tasks must be >= 1, got " + std::to_string(args.tasks));
  if (args.cpusPerTask < 0) throw Error("--cpus-per-task must be >= 0, got " + std::to_string(args.cpusPerTask));
  if (grid && !args.grid.predictions.empty()) throw Error("--predictions needs the whole grid in one run, not an array");
  const auto dir = absolute(workDirFlag);
  const auto cli = args.gaplabCli.empty() ? thisExecutable() : absolute(args.gaplabCli);

  // Freeze the spec (and a budget's levels, regimes and stride) into DIR:
  // every task reads it, whatever the presets of the gaplab on the nodes.
  ExperimentSpec spec;
  std::string out, summary, figure;
  bool dropFailed = false;
  if (grid) {
    spec = args.grid.spec.resolve();
    out = args.grid.out, summary = args.grid.summary, dropFailed = args.grid.dropFailed;
  } else {
    const auto& b = args.budget;
    spec = b.spec.resolve();
    if (!b.poison.empty()) spec.budget.poison = b.poison;
    if (!b.regimes.empty()) spec.budget.regimes = b.regimes;
    if (b.stride) spec.budget.stride = *b.stride;
    if (spec.budget.poison.empty()) throw Error("a budget sweep needs --poison levels (or a lecture-budget-* preset)");
    out = b.out, summary = b.summary, figure = b.figure, dropFailed = b.dropFailed;
  }
  if (spec.training.threads == 0 && args.cpusPerTask > 0) spec.training.threads = args.cpusPerTask;
  spec.validate();
  fs::create_directories(fs::path(dir) / "shards");
  fs::create_directories(fs::path(dir) / "logs");
  const auto specPath = (fs::path(dir) / "spec.json").string();
  writeFileAtomically(specPath, specToJson(spec) + "\n");

  const auto shard = dir + "/shards/shard-${SLURM_ARRAY_TASK_ID}.csv";
  std::string array = header(args, "gaplab-" + command, dir + "/logs/task-%a.out");
  array += "#SBATCH --array=0-" + std::to_string(args.tasks - 1) + "\n";
  if (args.cpusPerTask > 0) array += "#SBATCH --cpus-per-task=" + std::to_string(args.cpusPerTask) + "\n";
  array += "# One shard of the sweep per task; a requeued task resumes from the work directory.\nset -eu\n";
  array += "exec " + quoted(cli) + " " + command + " --spec " + quoted(specPath) + (dropFailed ? " --drop-failed" : "") +
           " --shard \"${SLURM_ARRAY_TASK_ID}/" + std::to_string(args.tasks) + "\" --work-dir " + quoted(dir) +
           " --out \"" + shard + "\"\n";

  std::string merge = header(args, "gaplab-" + command + "-merge", dir + "/logs/merge.out");
  merge += "# Runs after every task of the array: the sweep's own CSV and summary.\nset -eu\n";
  merge += "exec " + quoted(cli) + " merge --out " + quoted(absolute(out));
  if (!summary.empty()) merge += " --summary " + quoted(absolute(summary));
  if (!figure.empty()) merge += " --figure " + quoted(absolute(figure));
  if (dropFailed) merge += " --drop-failed";
  for (int task = 0; task < args.tasks; ++task) merge += " " + quoted(dir + "/shards/shard-" + std::to_string(task) + ".csv");
  merge += "\n";

  const auto arrayPath = dir + "/array.sbatch", mergePath = dir + "/merge.sbatch";
  writeFileAtomically(arrayPath, array);
  writeFileAtomically(mergePath, merge);
  ::chmod(arrayPath.c_str(), 0755);
  ::chmod(mergePath.c_str(), 0755);
  std::printf("array=$(sbatch --parsable %s)\nsbatch --dependency=afterok:${array%%%%;*} %s\n", quoted(arrayPath).c_str(),
              quoted(mergePath).c_str());
  std::fprintf(stderr, "wrote %s, %s and %s\n", specPath.c_str(), arrayPath.c_str(), mergePath.c_str());
  return 0;
}

}  // namespace gaplab::cli
