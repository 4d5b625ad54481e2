// SPDX-License-Identifier: GPL-3.0-or-later
// gaplab-cli: the engine without a GUI, for batch runs and CI.
// Exit codes: 0 success, 1 runtime error (one line on stderr), 2 bad usage.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "commands.h"
#include "gaplab/error.h"
#include "gaplab/version.h"

int main(int argc, char** argv) {
  using namespace gaplab::cli;
  CLI::App app{"gaplab-cli: dynamic backdoors with global average pooling, from the command line"};
  app.set_version_flag("--version", std::string("gaplab-cli ") + gaplab::kVersion);
  app.require_subcommand(1);

  std::string show;
  auto* presetsCommand = app.add_subcommand("presets", "List the experiment presets");
  presetsCommand->add_option("--show", show, "Print one preset's full spec as JSON");

  GridArgs grid;
  auto* gridCommand = app.add_subcommand("grid", "Train at each training position and head, test at every test position");
  grid.spec.addTo(*gridCommand, false);
  gridCommand->add_option("--out", grid.out, "CSV of results, one row per cell and rep")->required();
  gridCommand->add_option("--summary", grid.summary, "JSON summary (default: OUT with .json)");
  gridCommand->add_option("--predictions", grid.predictions,
                          "CSV of every per-sample prediction: head,pos_train,rep,pos_test,sample,label,prediction");

  gridCommand->add_flag("--drop-failed", grid.dropFailed,
                        "The authors' failed-run filter: leave runs with clean accuracy <= 1.2/classes out of the "
                        "summary (it says how many per cell)");

  BudgetArgs budget;
  auto* budgetCommand = app.add_subcommand(
      "budget", "Poison budget: ASR over every position vs poison level, fixed position vs random positions");
  budget.spec.addTo(*budgetCommand, false, false);
  budgetCommand
      ->add_option("--poison", budget.poison,
                   "Poison levels, comma-separated: counts (40,160,640) or % of the training split (0.5%,2%,8%); "
                   "default: the preset's (lecture-budget-*)")
      ->delimiter(',');
  budgetCommand
      ->add_option("--regimes", budget.regimes,
                   "fixed (the spec's first training position), random (a random position per poisoned input), "
                   "random-pattern (and a fresh pattern: Salem et al.'s Random Backdoor); default: the preset's, "
                   "else all three")
      ->delimiter(',');
  budgetCommand->add_option("--stride", budget.stride,
                            "Step of the position grid the ASR is measured on (pixels, feature frames or tokens); "
                            "default: the preset's, else 4");
  budgetCommand->add_option("--out", budget.out, "CSV, one row per model")->required();
  budgetCommand->add_option("--summary", budget.summary, "JSON summary (default: OUT with .json)");
  budgetCommand->add_option("--figure", budget.figure,
                            "Figure: coverage_90 and mean ASR vs poison % (PDF, SVG or PNG by suffix; CSV beside it)");
  budgetCommand->add_flag("--drop-failed", budget.dropFailed,
                          "The authors' failed-run filter: leave runs with clean accuracy <= 1.2/classes out of the "
                          "summary and figure (the summary says how many per cell)");

  TrainArgs train;
  auto* trainCommand = app.add_subcommand("train", "Train one poisoned model and save a checkpoint");
  train.spec.addTo(*trainCommand, true);
  trainCommand->add_option("--checkpoint", train.checkpoint, "Checkpoint file to write (and FILE.json)")->required();
  trainCommand->add_option("--rep", train.rep, "Repetition index (seed = base seed + rep)");

  SweepArgs sweep;
  auto* sweepCommand = app.add_subcommand("sweep", "ASR of a checkpoint at every trigger position");
  sweepCommand->add_option("--checkpoint", sweep.checkpoint, "Checkpoint written by 'train'")->required();
  sweepCommand->add_option("--stride", sweep.stride, "Step between positions: pixels (images) or tokens (text)")
      ->capture_default_str();
  sweepCommand->add_option("--stride-ms", sweep.strideMs, "Step between trigger onsets in ms (sound)")
      ->capture_default_str();
  sweepCommand->add_option("--precision", sweep.precision,
                           "Images: evaluate inputs per position only until the 95% interval of its ASR is "
                           "+/- this (e.g. 0.025); 0: all inputs")
      ->capture_default_str();
  sweepCommand->add_option("--out", sweep.out, "CSV: x,y,asr,r_acc,n_eval")->required();
  sweepCommand->add_option("--data-dir", sweep.dataDir, "Dataset directory, if not the recorded one");
  sweepCommand->add_option("--limit-test", sweep.limitTest, "Use the first N test images (default: as trained)");
  sweepCommand->add_option("--threads", sweep.threads, "Intra-op threads (0: LibTorch's default)");

  RenderAudioArgs render;
  auto* renderCommand = app.add_subcommand("render-audio", "Write a WAV of a clip with the sound trigger, to hear it");
  render.spec.addTo(*renderCommand, true);
  renderCommand->add_option("--input", render.input, "A WAV/FLAC file (default: a test clip of the dataset)");
  renderCommand->add_option("--sample", render.sample, "Which test clip")->capture_default_str();
  renderCommand->add_option("--position", render.position, "start | middle | end | split | @SECONDS")
      ->capture_default_str();
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
    if (*gridCommand) return runGrid(grid);
    if (*budgetCommand) return runBudget(budget);
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
