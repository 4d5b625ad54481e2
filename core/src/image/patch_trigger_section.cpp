// SPDX-License-Identifier: GPL-3.0-or-later
// The spec's "trigger" section: a patch of the input, as images and sound's
// painted trigger use it.
#include "spec_section.h"

namespace gaplab {

using nlohmann::json;

SpecSection patchTriggerSection() {
  SpecSection section;
  section.name = "trigger";
  section.write = [](const ExperimentSpec& spec) {
    const auto& t = spec.trigger;
    json j = {{"pattern", t.pattern}, {"width", t.width},  {"height", t.height},        {"seed", t.seed},
              {"value", t.value},     {"mask", t.mask},    {"blend", toString(t.blend)}, {"alpha", t.alpha},
              {"clip", t.clip}};
    // Only painted triggers carry their cells; the others are rebuilt from the fields above.
    if (!t.values.empty()) j["values"] = t.values;
    if (!t.maskValues.empty()) j["mask_values"] = t.maskValues;
    return j;
  };
  section.read = [](SpecReader r, ExperimentSpec& spec) {
    auto& t = spec.trigger;
    r.read("pattern", t.pattern);
    r.read("width", t.width);
    r.read("height", t.height);
    r.read("seed", t.seed);
    r.read("value", t.value);
    r.read("mask", t.mask);
    r.readString("blend", [&](const std::string& s) { t.blend = blendModeFromString(s); });
    r.read("alpha", t.alpha);
    r.read("clip", t.clip);
    r.read("values", t.values);
    r.read("mask_values", t.maskValues);
    r.rejectUnknownKeys();
  };
  return section;
}

}  // namespace gaplab
