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
#include "gaplab/text_experiment.h"
#include "cli_support.h"
#include "progress_line.h"

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

int runGrid(const GridArgs& args) {
  const auto spec = args.spec.resolve();
  GridJob job(spec);
  job.setKeepPredictions(!args.predictions.empty());
  ProgressLine progress;
  job.setProgressCallback([&](const GridProgress& p) {
    progress.training(p.training, p.trainings, p.label, batchText(p.batch), p.batch.batch == p.batch.batches);
  });
  job.setRowCallback([&](const GridRow& row) {
    progress.finish("  " + row.head + " trained @ " + row.posTrain + ", tested @ " + row.posTest + ": clean " +
                    percent(row.cleanAccuracy) + ", ASR " + percent(row.asr));
  });
  job.run();
  const auto rows = job.rows();
  writeFileAtomically(args.out, gridCsv(rows));
  const auto summary = args.summary.empty() ? withExtension(args.out, ".json") : args.summary;
  const FailedRunFilter filter{args.dropFailed, job.classCount()};
  writeFileAtomically(summary, gridSummaryJson(rows, spec, filter));
  if (!args.predictions.empty()) writeFileAtomically(args.predictions, predictionsCsv(job.predictions()));
  std::printf("%s", gridTable(rows, filter).c_str());
  std::fprintf(stderr, "wrote %s and %s\n", args.out.c_str(), summary.c_str());
  return 0;
}

namespace {

// ASR with the trigger before every stride-th token, up to the sequence length.
int runSweepText(const SweepArgs& args) {
  const auto checkpoint = loadTextCheckpoint(args.checkpoint);
  const auto spec = sweepSpec(checkpoint.info.spec, args);
  if (args.stride <= 0) throw Error("stride must be positive, got " + std::to_string(args.stride));
  const auto session = Experiment::open(spec)->session(args.checkpoint, spec);
  std::vector<std::string> placements;
  for (int token = 0; token <= checkpoint.info.model.sequenceLength; token += args.stride)
    placements.push_back("@" + std::to_string(token));
  writePlacementSweep(args.out, "position,asr,r_acc,n_eval,n_truncated", placements, "position",
                      [&](const std::string& placement) {
                        const auto attack = session->attackAt(placement);
                        std::ostringstream line;
                        line << placement << ',' << attack.metrics.asr() << ',' << attack.metrics.robustAccuracy()
                             << ',' << attack.metrics.evaluated << ',' << attack.truncated;
                        return line.str();
                      });
  return 0;
}

}  // namespace

int runTrain(const TrainArgs& args) {
  auto spec = args.spec.resolve();
  if (spec.heads.size() != 1) spec.heads = {spec.heads.back()};
  const auto experiment = Experiment::open(spec);
  ProgressLine progress;
  const auto trained = trainAndSave(*experiment, spec.heads.front(), spec.trainPositions.front(), args.rep,
                                    args.checkpoint, progressCallbacks(progress));
  reportSaved(trained.record, spec.heads.front(), args.checkpoint);
  return 0;
}

ExperimentSpec sweepSpec(ExperimentSpec recorded, const SweepArgs& args) {
  if (!args.dataDir.empty()) recorded.dataDir = args.dataDir;
  if (args.limitTest >= 0) recorded.limitTest = args.limitTest;
  setTorchThreads(args.threads);
  return recorded;
}

int runSweep(const SweepArgs& args) {
  const auto modality = checkpointModality(args.checkpoint);
  if (modality == "text") return runSweepText(args);
  if (modality == "sound") return runSweepSound(args);
  const auto checkpoint = loadCheckpoint(args.checkpoint);
  const auto spec = sweepSpec(checkpoint.info.spec, args);
  const auto data = loadExperimentData(spec);
  if (!(data.splits.test.shape() == checkpoint.model.config().input))
    throw Error(args.checkpoint + ": the model expects other input than the dataset's test images");
  ProgressLine progress;
  SweepOptions options;
  options.stride = args.stride;
  options.halfWidth = args.precision;
  const auto cells = sweepPositions(checkpoint.model, data.splits.test, checkpoint.info.trigger, spec.target,
                                    options, [&](int done, int total) {
                                      progress.update("position " + std::to_string(done) + "/" + std::to_string(total));
                                    });
  std::ostringstream csv;
  csv << "x,y,asr,r_acc,n_eval,asr_low,asr_high\n";
  for (const auto& cell : cells)
    csv << cell.position.x << ',' << cell.position.y << ',' << cell.metrics.asr() << ','
        << cell.metrics.robustAccuracy() << ',' << cell.metrics.evaluated << ',' << cell.interval.low << ','
        << cell.interval.high << '\n';
  writeFileAtomically(args.out, csv.str());
  progress.finish("swept " + std::to_string(cells.size()) + " positions; wrote " + args.out);
  return 0;
}

}  // namespace gaplab::cli
