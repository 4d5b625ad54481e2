// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "gaplab/experiment_spec.h"

namespace gaplab::cli {

// Flags that override an experiment spec. Order of precedence: preset, then
// --spec FILE, then individual flags.
struct SpecOptions {
  std::string preset = "lecture-image";
  std::string specFile;
  std::optional<std::string> dataset;
  std::optional<std::string> dataDir;
  std::optional<std::string> model;
  std::vector<std::string> heads;
  std::vector<std::string> trainPositions;
  std::vector<std::string> testPositions;
  std::optional<int> reps;
  std::optional<int> epochs;
  std::optional<int> patience;
  std::optional<int> batchSize;
  std::optional<int> limitTrain;
  std::optional<int> limitTest;
  std::optional<int> poison;
  std::optional<std::string> poisonSelection;
  std::optional<int> target;
  std::optional<std::uint64_t> seed;
  std::optional<int> threads;
  std::vector<std::string> words;         // sound: speech-commands subset / espeak-keywords words
  std::vector<std::string> triggerWords;  // text: the trigger phrase

  // poisonCount: the command takes --poison as one count (budget takes its own list).
  void addTo(CLI::App& command, bool singleTraining, bool poisonCount = true);
  ExperimentSpec resolve() const;  // throws Error
};

}  // namespace gaplab::cli
