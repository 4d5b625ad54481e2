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
#include "gaplab/defences.h"
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

// What the array runs, frozen: the resolved spec (and a sweep's own plan)
// as files and flags, so that every task runs the same sweep whatever the
// presets and defaults of the gaplab on the nodes.
struct FrozenSweep {
  ExperimentSpec spec;
  std::string workDir, out, summary, figure;
  bool dropFailed = false;
  std::string methods;          // detect-grid: --methods
  std::string defenceSettings;  // detect-grid: DIR/defences.json, read back with --defences
};

FrozenSweep frozenGrid(const GridArgs& g) {
  if (!g.predictions.empty()) throw Error("--predictions needs the whole grid in one run, not an array");
  return {g.spec.resolve(), g.workDir, g.out, g.summary, "", g.dropFailed, "", ""};
}

FrozenSweep frozenBudget(const BudgetArgs& b) {
  auto spec = b.spec.resolve();
  if (!b.poison.empty()) spec.budget.poison = b.poison;
  if (!b.regimes.empty()) spec.budget.regimes = b.regimes;
  if (b.stride) spec.budget.stride = *b.stride;
  if (spec.budget.poison.empty()) throw Error("a budget sweep needs --poison levels (or a lecture-budget-* preset)");
  return {spec, b.workDir, b.out, b.summary, b.figure, b.dropFailed, "", ""};
}

FrozenSweep frozenDetectGrid(const DetectGridArgs& d) {
  std::string names;  // an unknown method is refused here, not on the nodes
  for (const auto method : parseDefenceMethods(d.methods)) names += (names.empty() ? "" : ",") + defenceMethodName(method);
  return {d.spec.resolve(), d.workDir, d.out, d.summary, "", false, names, defenceSettingsJson(d.defences.resolve())};
}

FrozenSweep frozen(const SbatchArgs& args, const std::string& command) {
  if (command == "grid") return frozenGrid(args.grid);
  if (command == "budget") return frozenBudget(args.budget);
  return frozenDetectGrid(args.detectGrid);
}

}  // namespace

int writeSbatch(const SbatchArgs& args, const std::string& command) {
  if (args.tasks < 1) throw Error("--tasks must be >= 1, got " + std::to_string(args.tasks));
  if (args.cpusPerTask < 0) throw Error("--cpus-per-task must be >= 0, got " + std::to_string(args.cpusPerTask));
  auto sweep = frozen(args, command);
  if (sweep.workDir.empty()) throw Error("sbatch needs --work-dir DIR, on a file system every node sees");
  const auto dir = absolute(sweep.workDir);
  const auto cli = args.gaplabCli.empty() ? thisExecutable() : absolute(args.gaplabCli);
  if (sweep.spec.training.threads == 0 && args.cpusPerTask > 0) sweep.spec.training.threads = args.cpusPerTask;
  sweep.spec.validate();
  fs::create_directories(fs::path(dir) / "shards");
  fs::create_directories(fs::path(dir) / "logs");
  const auto specPath = (fs::path(dir) / "spec.json").string();
  writeFileAtomically(specPath, specToJson(sweep.spec) + "\n");
  std::string taskFlags = sweep.dropFailed ? " --drop-failed" : "";
  if (!sweep.methods.empty()) taskFlags += " --methods " + sweep.methods;
  if (!sweep.defenceSettings.empty()) {
    const auto settingsPath = (fs::path(dir) / "defences.json").string();
    writeFileAtomically(settingsPath, sweep.defenceSettings + "\n");
    taskFlags += " --defences " + quoted(settingsPath);
  }

  const auto shard = dir + "/shards/shard-${SLURM_ARRAY_TASK_ID}.csv";
  std::string array = header(args, "gaplab-" + command, dir + "/logs/task-%a.out");
  array += "#SBATCH --array=0-" + std::to_string(args.tasks - 1) + "\n";
  if (args.cpusPerTask > 0) array += "#SBATCH --cpus-per-task=" + std::to_string(args.cpusPerTask) + "\n";
  array += "# One shard of the sweep per task; a requeued task resumes from the work directory.\nset -eu\n";
  array += "exec " + quoted(cli) + " " + command + " --spec " + quoted(specPath) + taskFlags + " --shard \"${SLURM_ARRAY_TASK_ID}/" + std::to_string(args.tasks) + "\" --work-dir " + quoted(dir) +
           " --out \"" + shard + "\"\n";

  std::string merge = header(args, "gaplab-" + command + "-merge", dir + "/logs/merge.out");
  merge += "# Runs after every task of the array: the sweep's own CSV and summary.\nset -eu\n";
  merge += "exec " + quoted(cli) + " merge --out " + quoted(absolute(sweep.out));
  if (!sweep.summary.empty()) merge += " --summary " + quoted(absolute(sweep.summary));
  if (!sweep.figure.empty()) merge += " --figure " + quoted(absolute(sweep.figure));
  if (sweep.dropFailed) merge += " --drop-failed";
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
