// SPDX-License-Identifier: GPL-3.0-or-later
// gaplab-cli detect (one checkpoint, one defence) and detect-grid (every
// model of a spec, every defence named; a sweep like grid and budget: shards,
// resume, merge, --jobs).
#include <nlohmann/json.hpp>

#include <cstdio>

#include "cli_support.h"
#include "commands.h"
#include "detect_outputs.h"
#include "gaplab/detect_grid.h"
#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "gaplab/grid.h"
#include "progress_line.h"

namespace gaplab::cli {

namespace {

std::string progressText(const std::string& stage, int done, int total, double secondsLeft) {
  std::string text = stage + " " + std::to_string(done) + "/" + std::to_string(total);
  if (secondsLeft >= 0) text += ", at most " + std::to_string(static_cast<int>(secondsLeft + 0.5)) + " s left";
  return text;
}

class DetectGridSweep : public Sweep {
public:
  DetectGridSweep(ExperimentSpec spec, std::vector<DefenceMethod> methods, DefenceSettings settings)
      : spec_(std::move(spec)), methods_(std::move(methods)), settings_(std::move(settings)) {}
  std::string command() const override { return "detect-grid"; }
  std::string identity() const override {
    nlohmann::json names = nlohmann::json::array();
    for (auto m : methods_) names.push_back(defenceMethodName(m));
    return nlohmann::json{{"spec", nlohmann::json::parse(specToJson(spec_))},
                          {"methods", names},
                          {"defences", nlohmann::json::parse(defenceSettingsJson(settings_))}}
        .dump();
  }
  std::string header() const override { return detectCsvTable().header(); }
  std::vector<double> jobCosts() const override { return std::vector<double>(GridJob::jobCount(spec_), 1.0); }
  void open() override {
    experiment_ = Experiment::open(spec_);
    warnIfLargePoisonShare(spec_.poisonCount, experiment_->trainCount());
  }
  int classCount() const override { return static_cast<int>(experiment_->classNames().size()); }
  std::string runJob(int job, const std::string& checkpoint) override {
    const auto training = GridJob::training(spec_, job);
    const auto label = "[" + std::to_string(job + 1) + "/" + std::to_string(GridJob::jobCount(spec_)) + "] " +
                       toString(training.head) + " @ " + training.position + ", rep " + std::to_string(training.rep);
    const auto rows = runDetectJob(*experiment_, job, methods_, settings_, checkpoint, [&](const DetectJobProgress& p) {
      progress_.update(label + ": " + progressText(p.stage, p.done, p.total, p.secondsLeft));
    });
    for (const auto& row : rows) {
      std::string what = row.method + (row.posTest.empty() ? "" : " @ " + row.posTest) + ":";
      if (row.targetFlagged) what += std::string(" target ") + (*row.targetFlagged ? "flagged" : "not flagged");
      if (row.anomalyIndex) what += ", anomaly index " + std::to_string(*row.anomalyIndex).substr(0, 5);
      if (row.far) what += " FAR " + percent(*row.far);
      if (row.poisonRecall) what += " recall " + percent(*row.poisonRecall) + ", precision " + percent(*row.poisonPrecision);
      progress_.finish(label + ": " + what);
    }
    return detectCsvTable().rows(rows);
  }

private:
  ExperimentSpec spec_;
  std::vector<DefenceMethod> methods_;
  DefenceSettings settings_;
  std::unique_ptr<Experiment> experiment_;
  ProgressLine progress_;
};

}  // namespace

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
    progress.update(progressText(p.stage, p.done, p.total, p.secondsLeft));
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
                  percent(p.farNormal).c_str(), percent(p.farEmpirical).c_str());
  if (report.poison)
    std::printf("%s: precision %s, recall %s (%d flagged, %d poisoned)\n", args.method.c_str(),
                percent(report.poison->precision).c_str(), percent(report.poison->recall).c_str(),
                report.poison->flaggedCount, report.poison->poisonedCount);
  std::fprintf(stderr, "wrote %s/report.json\n", args.outDir.c_str());
  return 0;
}

int runDetectGrid(const DetectGridArgs& args) {
  const auto spec = args.spec.resolve();
  const auto settings = args.defences.resolve();
  args.defences.checkPositions(settings, spec);
  DetectGridSweep sweep(spec, parseDefenceMethods(args.methods), settings);
  return runSweepJobs(sweep, {args.out, args.summary, args.shard, args.workDir, false});
}

}  // namespace gaplab::cli
