// SPDX-License-Identifier: GPL-3.0-or-later
// The defences' settings as JSON: what makes two detect-grid runs the same
// sweep, and what `--defences FILE` reads.
#include <nlohmann/json.hpp>

#include "gaplab/defences.h"
#include "gaplab/error.h"

namespace gaplab {

std::string defenceSettingsJson(const DefenceSettings& s) {
  return nlohmann::json{
      {"nc",
       {{"steps", s.nc.steps}, {"batch", s.nc.batch}, {"samples", s.nc.samples}, {"classes", s.nc.classes}}},
      {"strip", {{"overlays", s.strip.overlays}, {"inputs", s.strip.inputs}, {"frr", s.strip.frr}}},
      {"filter",
       {{"components", s.filter.components},
        {"silhouette_criterion", s.filter.useSilhouette},
        {"epsilon", s.filter.epsilon ? nlohmann::json(*s.filter.epsilon) : nlohmann::json(nullptr)}}},
      {"test_positions", s.testPositions},
      {"seed", s.seed}}
      .dump();
}

DefenceSettings defenceSettingsFromJson(const std::string& text, const std::string& source) {
  try {
    const auto j = nlohmann::json::parse(text);
    DefenceSettings s;
    s.nc.steps = j.at("nc").at("steps");
    s.nc.batch = j.at("nc").at("batch");
    s.nc.samples = j.at("nc").at("samples");
    s.nc.classes = j.at("nc").at("classes").get<std::vector<int>>();
    s.strip.overlays = j.at("strip").at("overlays");
    s.strip.inputs = j.at("strip").at("inputs");
    s.strip.frr = j.at("strip").at("frr");
    s.filter.components = j.at("filter").at("components");
    s.filter.useSilhouette = j.at("filter").at("silhouette_criterion");
    if (!j.at("filter").at("epsilon").is_null()) s.filter.epsilon = j.at("filter").at("epsilon").get<double>();
    s.testPositions = j.at("test_positions").get<std::vector<std::string>>();
    s.seed = j.at("seed");
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw Error(source + ": not defence settings as gaplab writes them (" + e.what() + ")");
  }
}

}  // namespace gaplab
