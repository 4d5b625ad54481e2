// SPDX-License-Identifier: GPL-3.0-or-later
// gaplab-cli: the engine without a GUI, for batch runs and CI.
// Exit codes: 0 success, 1 runtime error (one line on stderr), 2 bad usage.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "commands.h"
#include "flag_checks.h"
#include "local_jobs.h"
#include "gaplab/budget.h"
#include "gaplab/defences.h"
#include "gaplab/error.h"
#include "gaplab/experiment_spec.h"
#include "gaplab/placement_sweep.h"
#include "gaplab/sound_trigger.h"
#include "gaplab/version.h"

namespace {

using namespace gaplab::cli;

// What every sweep command takes for clusters and long runs.
void addSweepFlags(CLI::App* command, std::optional<Shard>& shard, std::string& workDir, int& jobs) {
  command
      ->add_option_function<std::string>(
          "--shard",
          [&shard](const std::string& text) {
            try {
              shard = parseShard(text);
            } catch (const gaplab::Error& e) {
              throw CLI::ValidationError("--shard", e.what());  // a usage error, not an escaped exception
            }
          },
          "Run only shard I of N (0 <= I < N; jobs balanced by cost) and write its rows and OUT.shard.json for "
          "'merge'")
      ->type_name("I/N");
  command->add_option("--work-dir", workDir,
                      "Keep each finished job's rows and model here; a rerun skips the jobs it holds");
  command
      ->add_option("--jobs", jobs,
                   "Run as N local worker processes over N shards, each with cores/N threads unless --threads, "
                   "merged at the end")
      ->check(atLeastOne());
}

CLI::App* addGridCommand(CLI::App& parent, GridArgs& grid) {
  auto* gridCommand =
      parent.add_subcommand("grid", "Train at each training position and head, test at every test position");
  grid.spec.addTo(*gridCommand, false);
  gridCommand->add_option("--out", grid.out, "CSV of results, one row per cell and rep")->required();
  gridCommand->add_option("--summary", grid.summary, "JSON summary (default: OUT with .json)");
  gridCommand->add_option("--predictions", grid.predictions,
                          "CSV of every per-sample prediction: head,pos_train,rep,pos_test,sample,label,prediction");

  gridCommand->add_flag("--drop-failed", grid.dropFailed,
                        "The authors' failed-run filter: leave runs with clean accuracy <= 1.2/classes out of the "
                        "summary (it says how many per cell)");

  addSweepFlags(gridCommand, grid.shard, grid.workDir, grid.jobs);
  return gridCommand;
}

CLI::App* addBudgetCommand(CLI::App& parent, BudgetArgs& budget) {
  auto* budgetCommand = parent.add_subcommand(
      "budget", "Poison budget: ASR over every position vs poison level, fixed position vs random positions");
  budget.spec.addTo(*budgetCommand, false, false);
  budgetCommand
      ->add_option("--poison", budget.poison,
                   "Poison levels, comma-separated: counts (40,160,640) or % of the training split (0.5%,2%,8%); "
                   "default: the preset's (lecture-budget-*)")
      ->delimiter(',')
      ->check(parsedBy(gaplab::parsePoisonLevel, "LEVEL"));
  budgetCommand
      ->add_option("--regimes", budget.regimes,
                   "fixed (the spec's first training position), random (a random position per poisoned input), "
                   "random-pattern (and a fresh pattern: Salem et al.'s Random Backdoor); default: the preset's, "
                   "else all three")
      ->delimiter(',')
      ->check(parsedBy(gaplab::poisonRegimeFromString, "REGIME"));
  budgetCommand->add_option("--stride", budget.stride,
                            "Step of the position grid the ASR is measured on (pixels, feature frames or tokens); "
                            "default: the preset's, else 4")
      ->check(atLeastOne());
  budgetCommand->add_option("--out", budget.out, "CSV, one row per model")->required();
  budgetCommand->add_option("--summary", budget.summary, "JSON summary (default: OUT with .json)");
  budgetCommand->add_option("--figure", budget.figure,
                            "Figure: coverage_90 and mean ASR vs poison % (PDF, SVG or PNG by suffix; CSV beside it)");
  budgetCommand->add_flag("--drop-failed", budget.dropFailed,
                          "The authors' failed-run filter: leave runs with clean accuracy <= 1.2/classes out of the "
                          "summary and figure (the summary says how many per cell)");

  addSweepFlags(budgetCommand, budget.shard, budget.workDir, budget.jobs);
  return budgetCommand;
}

CLI::App* addDetectGridCommand(CLI::App& parent, DetectGridArgs& detectGrid) {
  auto* detectGridCommand = parent.add_subcommand(
      "detect-grid", "Train (or reuse) every (head, training position, rep) model of a spec and run defences on each");
  detectGrid.spec.addTo(*detectGridCommand, false);
  detectGridCommand->add_option("--methods", detectGrid.methods, "Defences, comma-separated: nc,strip,ac,ss")
      ->required()
      ->check(parsedBy(gaplab::parseDefenceMethods, "METHODS"));
  detectGrid.defences.addTo(*detectGridCommand, false);
  detectGridCommand->add_option("--out", detectGrid.out, "CSV, one row per (model, method, test position)")->required();
  detectGridCommand->add_option("--summary", detectGrid.summary, "JSON summary (default: OUT with .json)");
  addSweepFlags(detectGridCommand, detectGrid.shard, detectGrid.workDir, detectGrid.jobs);
  return detectGridCommand;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace gaplab::cli;
  CLI::App app{"gaplab-cli: dynamic backdoors with global average pooling, from the command line"};
  app.set_version_flag("--version", std::string("gaplab-cli ") + gaplab::kVersion);
  app.require_subcommand(1);
  // Usage errors on one line, like runtime errors: "gaplab-cli: usage: --flag: what is wrong".
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("gaplab-cli: usage: ") + e.what() + " (see --help)\n";
  });

  std::string show;
  auto* presetsCommand = app.add_subcommand("presets", "List the experiment presets");
  presetsCommand->add_option("--show", show, "Print one preset's full spec as JSON")
      ->check(parsedBy([](const std::string& name) { gaplab::presetSpec(name); }, "PRESET"));

  GridArgs grid;
  auto* gridCommand = addGridCommand(app, grid);
  BudgetArgs budget;
  auto* budgetCommand = addBudgetCommand(app, budget);

  SbatchArgs sbatch;
  auto* sbatchCommand = app.add_subcommand(
      "sbatch", "Write a Slurm job array for a sweep (gaplab-cli sbatch grid|budget|detect-grid [its flags] --tasks N "
                "--work-dir DIR ...) and the merge job after it; print the two sbatch commands");
  sbatchCommand->fallthrough();  // the array's own flags may follow the sweep's
  sbatchCommand->require_subcommand(1);
  sbatchCommand->add_option("--tasks", sbatch.tasks, "Array tasks (shards)")->required()->check(atLeastOne());
  sbatchCommand->add_option("--partition", sbatch.partition, "Slurm partition");
  sbatchCommand->add_option("--time", sbatch.time, "Time limit per task (Slurm's format, e.g. 02:00:00)");
  sbatchCommand->add_option("--cpus-per-task", sbatch.cpusPerTask, "CPUs per task (also the tasks' threads)")
      ->check(atLeastOne());
  sbatchCommand->add_option("--mem", sbatch.mem, "Memory per task (e.g. 8G)");
  sbatchCommand->add_option("--gaplab-cli", sbatch.gaplabCli,
                            "The gaplab-cli the scripts run (default: this one, by its full path)");
  auto* sbatchGrid = addGridCommand(*sbatchCommand, sbatch.grid);
  auto* sbatchBudget = addBudgetCommand(*sbatchCommand, sbatch.budget);
  auto* sbatchDetectGrid = addDetectGridCommand(*sbatchCommand, sbatch.detectGrid);

  std::string figureCsv, figureOut;
  auto* figureCommand = app.add_subcommand("figure", "Draw the figure of a finished budget sweep again");
  figureCommand->add_option("--budget", figureCsv, "A CSV written by 'budget' or 'merge', or the figure's own CSV")
      ->required();
  figureCommand->add_option("--out", figureOut, "The figure: PDF, SVG or PNG by suffix (its CSV beside it)")->required();

  MergeArgs merge;
  auto* mergeCommand =
      app.add_subcommand("merge", "Merge shards of a grid or budget sweep into the CSV and summary of one whole run");
  mergeCommand->add_option("--out", merge.out, "CSV to write")->required();
  mergeCommand->add_option("--summary", merge.summary, "JSON summary (default: OUT with .json)");
  mergeCommand->add_option("--figure", merge.figure, "Budget sweeps: the figure (PDF, SVG or PNG by suffix)");
  mergeCommand->add_flag("--drop-failed", merge.dropFailed, "The authors' failed-run filter in the summary");
  mergeCommand->add_option("shards", merge.shards, "Shard CSV files written with --shard")->required();

  TrainArgs train;
  auto* trainCommand = app.add_subcommand("train", "Train one poisoned model and save a checkpoint");
  train.spec.addTo(*trainCommand, true);
  trainCommand->add_option("--checkpoint", train.checkpoint, "Checkpoint file to write (and FILE.json)")->required();
  trainCommand->add_option("--rep", train.rep, "Repetition index (seed = base seed + rep)")->check(atLeastZero());

  SweepArgs sweep;
  auto* sweepCommand = app.add_subcommand("sweep", "ASR of a checkpoint at every trigger position");
  sweepCommand->add_option("--checkpoint", sweep.checkpoint, "Checkpoint written by 'train'")->required();
  sweepCommand->add_option("--stride", sweep.stride,
                           "Step between placements in the input's own units: pixels (images; painted sound "
                           "triggers: frames and bins), feature frames (sound onsets, one hop each), tokens (text)")
      ->capture_default_str()
      ->check(atLeastOne());
  sweepCommand->add_option("--precision", sweep.precision,
                           "Evaluate inputs per placement only until the 95% interval of its ASR is "
                           "+/- this (e.g. 0.025); 0: all inputs")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.49).description("HALF-WIDTH"));
  sweepCommand->add_option("--out", sweep.out, "CSV: " + gaplab::sweepCsvTable().header())->required();
  sweepCommand->add_option("--data-dir", sweep.dataDir, "Dataset directory, if not the recorded one")
      ->check(CLI::ExistingPath);
  sweepCommand->add_option("--limit-test", sweep.limitTest, "Use the first N test images (default: as trained)")
      ->check(atLeastZero());
  sweepCommand->add_option("--threads", sweep.threads, "Intra-op threads (0: LibTorch's default)")->check(atLeastZero());

  DetectArgs detect;
  auto* detectCommand = app.add_subcommand("detect", "Run one defence on a checkpoint: DIR/report.json and its files");
  detectCommand->add_option("--checkpoint", detect.checkpoint, "Checkpoint written by 'train' (or a sweep)")->required();
  detectCommand->add_option("--method", detect.method, "nc (Neural Cleanse), strip (STRIP / STRIP-ViTA), ac "
                                                       "(Activation Clustering) or ss (Spectral Signatures)")
      ->required()
      ->check(parsedBy(gaplab::parseDefenceMethod, "METHOD"));
  detect.defences.addTo(*detectCommand, true);
  detectCommand->add_option("--out-dir", detect.outDir, "Directory for report.json, masks, entropies and scores")
      ->required();
  detectCommand->add_option("--data-dir", detect.dataDir, "Dataset directory, if not the recorded one")
      ->check(CLI::ExistingPath);
  detectCommand->add_option("--threads", detect.threads, "Intra-op threads (0: LibTorch's default)")
      ->check(atLeastZero());

  DetectGridArgs detectGrid;
  auto* detectGridCommand = addDetectGridCommand(app, detectGrid);

  RenderAudioArgs render;
  auto* renderCommand = app.add_subcommand("render-audio", "Write a WAV of a clip with the sound trigger, to hear it");
  render.spec.addTo(*renderCommand, true);
  renderCommand->add_option("--input", render.input, "A WAV/FLAC file (default: a test clip of the dataset)");
  renderCommand->add_option("--sample", render.sample, "Which test clip")->capture_default_str()->check(atLeastZero());
  renderCommand->add_option("--position", render.position, "start | middle | end | split | @SECONDS")
      ->capture_default_str()
      ->check(parsedBy(gaplab::checkSoundPlacement, "POSITION"));
  renderCommand->add_flag("--without-trigger", render.withoutTrigger, "Write the clean clip");
  renderCommand->add_option("--out", render.out, "WAV file to write")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  try {
    if (*presetsCommand) return listPresets(show);
    if (*gridCommand && grid.jobs != 1)
      return runLocalJobs(argc, argv, {grid.jobs, grid.out, grid.summary, "", grid.workDir, grid.dropFailed,
                                       grid.spec.threads.has_value()});
    if (*budgetCommand && budget.jobs != 1)
      return runLocalJobs(argc, argv, {budget.jobs, budget.out, budget.summary, budget.figure, budget.workDir,
                                       budget.dropFailed, budget.spec.threads.has_value()});
    if (*detectGridCommand && detectGrid.jobs != 1)
      return runLocalJobs(argc, argv, {detectGrid.jobs, detectGrid.out, detectGrid.summary, "", detectGrid.workDir,
                                       false, detectGrid.spec.threads.has_value()});
    if (*gridCommand) return runGrid(grid);
    if (*detectCommand) return runDetect(detect);
    if (*detectGridCommand) return runDetectGrid(detectGrid);
    if (*budgetCommand) return runBudget(budget);
    if (*sbatchCommand) {
      if (*sbatchGrid) return writeSbatch(sbatch, "grid");
      if (*sbatchBudget) return writeSbatch(sbatch, "budget");
      if (*sbatchDetectGrid) return writeSbatch(sbatch, "detect-grid");
    }
    if (*mergeCommand) return runMerge(merge);
    if (*figureCommand) {
      redrawOrWriteBudgetFigure(figureCsv, figureOut);
      return 0;
    }
    if (*trainCommand) return runTrain(train);
    if (*sweepCommand) return runSweep(sweep);
    if (*renderCommand) return renderAudio(render);
  } catch (const gaplab::Error& e) {
    std::fprintf(stderr, "gaplab-cli: error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gaplab-cli: internal error: %s\n", e.what());
    return 1;
  }
  return 2;
}
