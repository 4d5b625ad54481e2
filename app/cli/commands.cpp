// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands.h"

#include <cstdio>
#include <sstream>

#include "gaplab/atomic_file.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/evaluation.h"
#include "gaplab/experiment.h"
#include "gaplab/image_experiment.h"
#include "gaplab/grid.h"
#include "gaplab/text_protocol.h"
#include "cli_support.h"
#include "progress_line.h"
#include "sweep_runner.h"

namespace gaplab::cli {

std::string withExtension(const std::string& path, const std::string& extension) {
  const auto slash = path.find_last_of('/');
  const auto dot = path.find_last_of('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) return path.substr(0, dot) + extension;
  return path + extension;
}

int listPresets(const std::string& show) {
  if (!show.empty()) {
    std::printf("%s\n", specToJson(presetSpec(show)).c_str());
    return 0;
  }
  for (const auto& p : presets()) std::printf("%-16s %s\n", p.name.c_str(), p.description.c_str());
  return 0;
}

int runMerge(const MergeArgs& args) {
  const auto merged = mergeShards(args.out, args.summary, args.dropFailed, args.shards);
  if (!args.figure.empty()) {
    if (merged.command != "budget") throw Error("--figure draws budget sweeps; these shards are a " + merged.command);
    writeBudgetFigure(args.out, args.summary.empty() ? withExtension(args.out, ".json") : args.summary, args.figure,
                      {args.dropFailed, merged.classes});
  }
  return 0;
}

int runGrid(const GridArgs& args) {
  const auto spec = args.spec.resolve();
  if (!args.predictions.empty() && (args.shard || !args.workDir.empty()))
    throw Error("--predictions needs the whole grid in one run (not with --shard or --work-dir)");
  GridSweep sweep(spec);
  sweep.setKeepPredictions(!args.predictions.empty());
  runSweepJobs(sweep, {args.out, args.summary, args.shard, args.workDir, args.dropFailed});
  if (!args.predictions.empty()) writeFileAtomically(args.predictions, predictionsCsv(sweep.predictions()));
  return 0;
}

int runTrain(const TrainArgs& args) {
  auto spec = args.spec.resolve();
  if (spec.heads.size() != 1) spec.heads = {spec.heads.back()};
  const auto experiment = Experiment::open(spec);
  warnIfLargePoisonShare(spec.poisonCount, experiment->trainCount());
  ProgressLine progress;
  const auto trained = trainAndSave(*experiment, spec.heads.front(), spec.trainPositions.front(), args.rep,
                                    args.checkpoint, progressCallbacks(progress));
  reportSaved(trained.record, spec.heads.front(), args.checkpoint);
  return 0;
}

}  // namespace gaplab::cli
