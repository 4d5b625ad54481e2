// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "defence_options.h"
#include "spec_options.h"
#include "sweep_runner.h"

namespace gaplab::cli {

struct GridArgs {
  SpecOptions spec;
  std::string out;
  std::string summary;  // default: OUT with .json instead of .csv
  std::string predictions;  // per-sample predictions CSV, if asked for
  bool dropFailed = false;  // the authors' failed-run filter in the summary
  std::optional<Shard> shard;
  std::string workDir;
  int jobs = 1;  // local worker processes
};

struct BudgetArgs {
  SpecOptions spec;
  std::vector<std::string> poison;   // counts or percentages; default: the spec's budget
  std::vector<std::string> regimes;  // fixed, random, random-pattern; default: the spec's, else all
  std::optional<int> stride;         // default: the spec's budget stride
  std::string out;
  std::string summary;  // default: OUT with .json instead of .csv
  std::string figure;   // PDF, SVG or PNG (and the CSV beside it), if asked for
  bool dropFailed = false;
  std::optional<Shard> shard;
  std::string workDir;
  int jobs = 1;  // local worker processes
};


struct MergeArgs {
  std::string out;
  std::string summary;
  std::string figure;  // budget sweeps: the figure, as budget --figure
  bool dropFailed = false;
  std::vector<std::string> shards;
};

struct TrainArgs {
  SpecOptions spec;
  std::string checkpoint;
  int rep = 0;
};

struct SweepArgs {
  std::string checkpoint;
  int stride = 1;        // between placements, in the session's units (Placement)
  double precision = 0;  // adaptive sampling until each ASR's 95% interval is +/- this (0: all inputs)
  std::string out;
  std::string dataDir;
  int limitTest = -1;  // -1: as recorded in the checkpoint
  int threads = 0;
};

struct DetectArgs {
  std::string checkpoint;
  std::string method;
  DefenceOptions defences;
  std::string outDir;
  std::string dataDir;
  int threads = 0;
};

struct DetectGridArgs {
  SpecOptions spec;
  std::string methods;
  DefenceOptions defences;
  std::string out;
  std::string summary;
  std::optional<Shard> shard;
  std::string workDir;
  int jobs = 1;
};

struct SbatchArgs {
  GridArgs grid;      // the sweep, as its own command takes it
  BudgetArgs budget;
  DetectGridArgs detectGrid;
  int tasks = 1;
  std::string partition;
  std::string time;
  int cpusPerTask = 0;
  std::string mem;
  std::string gaplabCli;  // default: this executable
};

struct RenderAudioArgs {
  SpecOptions spec;
  std::string input;  // a WAV/FLAC file; default: a test clip of the spec's dataset
  int sample = 0;     // which test clip
  std::string position = "start";
  bool withoutTrigger = false;
  std::string out;
};

// Each returns the process exit code and throws gaplab::Error on failure.
int listPresets(const std::string& show);
int runGrid(const GridArgs& args);
int runBudget(const BudgetArgs& args);  // budget_command.cpp
int runMerge(const MergeArgs& args);
// Writes DIR/array.sbatch and DIR/merge.sbatch for `command`'s sweep (sbatch_command.cpp).
int writeSbatch(const SbatchArgs& args, const std::string& command);
// The budget figure of a budget CSV (after a run or a merge), with its CSV beside it.
void writeBudgetFigure(const std::string& csvPath, const std::string& summaryPath, const std::string& figure,
                       const FailedRunFilter& filter);
// gaplab-cli figure: from a budget CSV, or again from a budget figure's own CSV.
void redrawOrWriteBudgetFigure(const std::string& csv, const std::string& figure);
// OUT with `extension` in place of its own.
std::string withExtension(const std::string& path, const std::string& extension);
int runTrain(const TrainArgs& args);
int runSweep(const SweepArgs& args);  // sweep_command.cpp
int renderAudio(const RenderAudioArgs& args);  // render_audio_command.cpp
// detect_commands.cpp
int runDetect(const DetectArgs& args);
int runDetectGrid(const DetectGridArgs& args);

}  // namespace gaplab::cli
