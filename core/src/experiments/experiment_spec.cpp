// SPDX-License-Identifier: GPL-3.0-or-later
// Experiment specs as JSON: every key optional over a base spec, unknown keys rejected.
#include "gaplab/experiment_spec.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "gaplab/budget.h"
#include "gaplab/error.h"
#include "gaplab/positions.h"
#include "joined.h"
#include "json_number.h"
#include "modality_descriptor.h"
#include "spec_fields.h"
#include "gaplab/image_datasets.h"

namespace gaplab {

using nlohmann::json;

namespace {

// The spec's own keys, each declared once (its modality's sections are the
// registry's). Read in this order: what identifies the experiment first,
// then the modality's sections, then how it is run.
const SpecFields<ExperimentSpec>& whatFields() {
  static const SpecFields<ExperimentSpec> fields{
      namedField("modality", &ExperimentSpec::modality, toString, modalityFromString),
      specField("dataset", &ExperimentSpec::dataset),
      specField("data_dir", &ExperimentSpec::dataDir),
      namedField("model", &ExperimentSpec::model, toString, architectureFromString),
      namedListField("heads", &ExperimentSpec::heads, toString, headFromString),
  };
  return fields;
}

const SpecFields<ExperimentSpec>& howFields() {
  static const SpecFields<ExperimentSpec> fields{
      specField("train_positions", &ExperimentSpec::trainPositions),
      specField("test_positions", &ExperimentSpec::testPositions),
      groupField<ExperimentSpec>(
          "poison", {specField("count", &ExperimentSpec::poisonCount),
                     specField("validation_count", &ExperimentSpec::poisonValidationCount),
                     namedField("selection", &ExperimentSpec::poisonSelection, toString, poisonSelectionFromString),
                     specField("target", &ExperimentSpec::target)}),
      objectField<ExperimentSpec, TrainingConfig>(
          "training",
          &ExperimentSpec::training,
          {namedField("optimizer", &TrainingConfig::optimizer, toString, optimizerFromString),
           specField("lr", &TrainingConfig::lr), specField("eps", &TrainingConfig::eps),
           specField("rho", &TrainingConfig::rho),
           listField<TrainingConfig, LrStep>("schedule", &TrainingConfig::schedule,
                                             {specField("from_epoch", &LrStep::fromEpoch), specField("lr", &LrStep::lr)},
                                             "a list of {from_epoch, lr}"),
           specField("batch_size", &TrainingConfig::batchSize), specField("epochs", &TrainingConfig::epochs),
           specField("patience", &TrainingConfig::patience), specField("l2", &TrainingConfig::l2),
           specField("threads", &TrainingConfig::threads)}),
      specField("reps", &ExperimentSpec::reps),
      specField("seed", &ExperimentSpec::seed),
      specField("limit_train", &ExperimentSpec::limitTrain),
      specField("limit_test", &ExperimentSpec::limitTest),
      specField("validation_fraction", &ExperimentSpec::validationFraction),
      namedField("validation_split", &ExperimentSpec::validationSplit, toString, holdOutFromString),
      // Only budget specs carry a budget: every other spec's JSON (and the
      // model caches keyed on it) stays as it was.
      optionalObjectField<ExperimentSpec, BudgetSettings>(
          "budget", &ExperimentSpec::budget,
          {specField("poison", &BudgetSettings::poison), specField("regimes", &BudgetSettings::regimes),
           specField("stride", &BudgetSettings::stride)}),
  };
  return fields;
}

}  // namespace

std::string specToJson(const ExperimentSpec& s) {
  json j = writeFields(s, whatFields());
  j.update(writeFields(s, howFields()));
  j["preset"] = s.preset;
  // A spec holds only the sections its modality uses.
  for (const auto& section : descriptorOf(s.modality).specSections) j[section.name] = section.write(s);
  return j.dump(2);
}

ExperimentSpec specFromJson(const std::string& text, const ExperimentSpec& base, const std::string& origin) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {  // parse errors, and numbers too large for a double
    throw Error(origin + ": not valid JSON (" + e.what() + ")");
  }
  SpecReader r(j, "", origin);
  ExperimentSpec s = base;
  if (const auto* preset = r.find("preset")) {
    if (!preset->is_string()) r.fail("preset", "expected a string, got " + preset->dump());
    if (!preset->get<std::string>().empty()) {
      try {
        s = presetSpec(preset->get<std::string>());
      } catch (const Error& e) {
        r.fail("preset", e.what());
      }
    }
  }
  for (const auto& field : whatFields()) field.read(r, s);
  // Every registered modality's sections: a spec may carry another
  // modality's (its JSON then drops them), never an unknown one.
  std::set<std::string> sectionsRead;
  for (const auto& descriptor : modalityRegistry())
    for (const auto& section : descriptor.specSections)
      if (sectionsRead.insert(section.name).second) section.read(r.child(section.name), s);
  for (const auto& field : howFields()) field.read(r, s);
  r.rejectUnknownKeys();
  try {
    s.validate();
  } catch (const Error& e) {
    throw Error(origin + ": " + e.what());
  }
  return s;
}

}  // namespace gaplab
