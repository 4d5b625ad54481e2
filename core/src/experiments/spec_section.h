// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: one JSON section of an experiment spec that belongs to a
// modality ("sound", "text", the patch trigger's "trigger"). Each modality's
// registry entry lists the sections its specs hold; specToJson writes those,
// specFromJson reads every registered one.
#include <nlohmann/json.hpp>

#include <functional>
#include <string>

#include "gaplab/experiment_spec.h"
#include "spec_reader.h"

namespace gaplab {

struct SpecSection {
  std::string name;  // the JSON key
  std::function<nlohmann::json(const ExperimentSpec& spec)> write;
  // Reads the section's object into `spec` over what it holds, rejecting unknown keys.
  std::function<void(SpecReader section, ExperimentSpec& spec)> read;
};

// "trigger": a patch of the input (images, and sound's painted trigger; core/src/image).
SpecSection patchTriggerSection();

}  // namespace gaplab
