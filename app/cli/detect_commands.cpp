// SPDX-License-Identifier: GPL-3.0-or-later
// gaplab-cli detect (one checkpoint, one defence) and detect-grid (every
// model of a spec, every defence named; a sweep like grid and budget: shards,
// resume, merge, --jobs).
#include <cstdio>

#include "cli_support.h"
#include "commands.h"
#include "detect_outputs.h"
#include "gaplab/csv.h"
#include "gaplab/detect_grid.h"
#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "progress_line.h"
#include "sweep_runner.h"

namespace gaplab::cli {

int runDetect(const DetectArgs& args) {
  auto spec = readTrainingRecord(args.checkpoint).spec;
  if (!args.dataDir.empty()) spec.dataDir = args.dataDir;
  setTorchThreads(args.threads);
  const auto method = parseDefenceMethod(args.method);
  const auto settings = args.defences.resolve();
  args.defences.checkPositions(settings, spec);
  const auto experiment = Experiment::open(spec);
  ProgressLine progress;
  const auto report = runDefence(*experiment, args.checkpoint, method, settings, [&](const DefenceProgress& p) {
    progress.update(stageText(p.stage, p.done, p.total, p.secondsLeft));
  });
  writeDefenceOutputs(report, args.outDir);
  std::string flagged;
  for (int c : report.flagged) flagged += (flagged.empty() ? "" : ", ") + report.classNames[static_cast<std::size_t>(c)];
  progress.finish(args.method + " on " + report.head + " @ " + report.trainPosition + " in " +
                  std::to_string(static_cast<int>(report.seconds + 0.5)) + " s" +
                  (report.nc ? ": anomaly index " + std::to_string(report.nc->anomalyIndex).substr(0, 5) +
                                   (flagged.empty() ? ", nothing flagged" : ", flagged " + flagged)
                             : std::string()));
  if (report.strip)
    for (const auto& p : report.strip->positions)
      std::printf("STRIP FAR @ %s: %s (normal boundary), %s (empirical)\n", p.placement.c_str(),
                  percentText(p.farNormal).c_str(), percentText(p.farEmpirical).c_str());
  if (report.poison)
    std::printf("%s: precision %s, recall %s (%d flagged, %d poisoned)\n", args.method.c_str(),
                percentText(report.poison->precision).c_str(), percentText(report.poison->recall).c_str(),
                report.poison->flaggedCount, report.poison->poisonedCount);
  std::fprintf(stderr, "wrote %s/report.json\n", args.outDir.c_str());
  return 0;
}

int runDetectGrid(const DetectGridArgs& args) {
  const auto spec = args.spec.resolve();
  const auto settings = args.defences.resolve();
  args.defences.checkPositions(settings, spec);
  DetectGridSweep sweep(spec, parseDefenceMethods(args.methods), settings);
  runSweepJobs(sweep, {args.out, args.summary, args.shard, args.workDir, false});
  return 0;
}

}  // namespace gaplab::cli
