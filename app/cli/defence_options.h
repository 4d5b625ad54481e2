// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The defences' flags, shared by detect and detect-grid.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "gaplab/defences.h"

namespace gaplab::cli {

struct DefenceOptions {
  DefenceSettings settings;
  std::vector<std::string> testPositions;
  std::vector<int> classes;
  std::optional<double> epsilon;
  // withPositions: --test-pos (detect-grid takes the spec's own --test-pos instead).
  void addTo(CLI::App& command, bool withPositions);
  DefenceSettings resolve() const;  // throws Error for values out of range
};

// The settings as JSON (what makes two detect-grid runs the same sweep).
std::string defenceSettingsJson(const DefenceSettings& settings);
DefenceSettings defenceSettingsFromJson(const std::string& json);

}  // namespace gaplab::cli
