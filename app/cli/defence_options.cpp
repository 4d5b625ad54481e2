// SPDX-License-Identifier: GPL-3.0-or-later
#include "defence_options.h"

#include <nlohmann/json.hpp>

#include "flag_checks.h"
#include "gaplab/atomic_file.h"
#include "gaplab/error.h"

namespace gaplab::cli {

void DefenceOptions::addTo(CLI::App& command, bool withPositions) {
  auto& s = settings;
  flags_.clear();
  const auto single = [this](CLI::Option* option) {
    flags_.push_back(option);
    return option;
  };
  if (withPositions)
    single(command.add_option("--test-pos", testPositions,
                              "Positions STRIP checks the trigger at and NC moves its reversed trigger to "
                              "(default: the training position and the spec's test positions)"))
        ->delimiter(',');
  single(command.add_option("--frr", s.strip.frr, "STRIP: false rejection rate of the boundary on clean inputs"))
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0).description("RATE"));
  single(command.add_option("--overlays", s.strip.overlays, "STRIP: superimpositions per input (N)"))
      ->capture_default_str()
      ->check(atLeastOne());
  single(command.add_option("--inputs", s.strip.inputs, "STRIP: clean inputs checked, and triggered inputs per position"))
      ->capture_default_str()
      ->check(CLI::Range(2, std::numeric_limits<int>::max()).description("AT LEAST 2"));
  single(command.add_option("--steps", s.nc.steps, "Neural Cleanse: outer steps (each samples/batch Adam updates)"))
      ->capture_default_str()
      ->check(atLeastOne());
  single(command.add_option("--nc-samples", s.nc.samples, "Neural Cleanse: clean inputs optimised on"))
      ->capture_default_str()
      ->check(atLeastOne());
  single(command.add_option("--nc-batch", s.nc.batch, "Neural Cleanse: batch size"))
      ->capture_default_str()
      ->check(atLeastOne());
  single(command.add_option("--classes", classes, "Neural Cleanse: the classes to reverse (default: all)"))
      ->delimiter(',')
      ->check(atLeastZero());
  single(command.add_option("--ac-components", s.filter.components, "Activation Clustering: FastICA dimensions"))
      ->capture_default_str()
      ->check(atLeastOne());
  single(command.add_flag("--ac-silhouette", s.filter.useSilhouette,
                          "Activation Clustering: flag a small cluster only if its silhouette exceeds 0.1"));
  single(command.add_option("--ss-eps", epsilon,
                            "Spectral Signatures: expected poison share per label (default: the poison's share of "
                            "the target label); 1.5 eps of each label is removed"))
      ->check(CLI::Range(0.0, 1.0).description("SHARE"));
  single(command.add_option("--defence-seed", s.seed, "Seed of every random draw of the defences"))
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command.add_option("--defences", settingsFile,
                     "Every defence setting from a JSON file (as 'sbatch detect-grid' freezes them into its work "
                     "directory), in place of the flags above");
}

DefenceSettings DefenceOptions::resolve() const {
  DefenceSettings s;
  if (!settingsFile.empty()) {
    for (const auto* flag : flags_)
      if (flag->count() > 0)
        throw Error("--defences " + settingsFile + " holds every defence setting: give " + flag->get_name() +
                    " in that file, not beside it");
    s = defenceSettingsFromJson(readWholeFile(settingsFile), settingsFile);
  } else {
    s = settings;
    s.testPositions = testPositions;
    s.nc.classes = classes;
    s.filter.epsilon = epsilon;
  }
  if (s.strip.inputs < 2) throw Error("--inputs must be at least 2, not " + std::to_string(s.strip.inputs));
  if (s.nc.samples < 1) throw Error("--nc-samples must be at least 1, not " + std::to_string(s.nc.samples));
  return s;
}

void DefenceOptions::checkPositions(const DefenceSettings& s, const ExperimentSpec& spec) const {
  cli::checkPositions(spec, s.testPositions, settingsFile.empty() ? std::string("--test-pos") : settingsFile);
}

}  // namespace gaplab::cli
