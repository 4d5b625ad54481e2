// SPDX-License-Identifier: GPL-3.0-or-later
// Experiment specs: JSON over a preset, then validation.
#include <string>

#include "gaplab/error.h"
#include "gaplab/experiment_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto base = gaplab::presetSpec("lecture-image");
  try {
    const auto spec = gaplab::specFromJson(std::string(reinterpret_cast<const char*>(data), size), base, "fuzz");
    spec.validate();
    // What was read must write and read back to the same spec.
    if (gaplab::specToJson(gaplab::specFromJson(gaplab::specToJson(spec), base)) != gaplab::specToJson(spec))
      __builtin_trap();
  } catch (const gaplab::Error&) {
  }
  return 0;
}
