// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The defences' flags, shared by detect and detect-grid.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "gaplab/defences.h"
#include "gaplab/experiment_spec.h"

namespace gaplab::cli {

struct DefenceOptions {
  DefenceSettings settings;
  std::vector<std::string> testPositions;
  std::vector<int> classes;
  std::optional<double> epsilon;
  std::string settingsFile;  // --defences FILE: every setting from a JSON file instead of the flags
  // withPositions: --test-pos (detect-grid takes the spec's own --test-pos instead).
  void addTo(CLI::App& command, bool withPositions);
  DefenceSettings resolve() const;  // throws Error for values out of range or a flag beside --defences
  // Throws Error naming --test-pos (or the --defences file) for a position
  // the spec's modality does not take.
  void checkPositions(const DefenceSettings& settings, const ExperimentSpec& spec) const;

private:
  std::vector<const CLI::Option*> flags_;  // the single settings, which --defences replaces
};

}  // namespace gaplab::cli
