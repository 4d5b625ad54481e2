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
#include "spec_reader.h"
#include "gaplab/image_datasets.h"

namespace gaplab {

using nlohmann::json;

namespace {

json trainingToJson(const TrainingConfig& c) {
  json schedule = json::array();
  for (const auto& s : c.schedule) schedule.push_back({{"from_epoch", s.fromEpoch}, {"lr", s.lr}});
  return {{"optimizer", toString(c.optimizer)}, {"lr", c.lr}, {"eps", c.eps}, {"rho", c.rho},
          {"schedule", schedule}, {"batch_size", c.batchSize}, {"epochs", c.epochs}, {"patience", c.patience},
          {"l2", c.l2}, {"threads", c.threads}};
}

using Reader = SpecReader;

void readTraining(Reader r, TrainingConfig& c) {
  r.readString("optimizer", [&](const std::string& s) { c.optimizer = optimizerFromString(s); });
  r.read("lr", c.lr);
  r.read("eps", c.eps);
  r.read("rho", c.rho);
  if (const auto* schedule = r.find("schedule")) {
    if (!schedule->is_array()) r.fail("schedule", "expected a list of {from_epoch, lr}");
    c.schedule.clear();
    for (const auto& step : *schedule) {
      LrStep s;
      Reader stepReader(step, "training.schedule[]", "spec");
      stepReader.read("from_epoch", s.fromEpoch);
      stepReader.read("lr", s.lr);
      stepReader.rejectUnknownKeys();
      c.schedule.push_back(s);
    }
  }
  r.read("batch_size", c.batchSize);
  r.read("epochs", c.epochs);
  r.read("patience", c.patience);
  r.read("l2", c.l2);
  r.read("threads", c.threads);
  r.rejectUnknownKeys();
}

}  // namespace

std::string specToJson(const ExperimentSpec& s) {
  json heads = json::array();
  for (auto h : s.heads) heads.push_back(toString(h));
  json j = {{"preset", s.preset},
                  {"modality", toString(s.modality)},
                  {"dataset", s.dataset},
                  {"data_dir", s.dataDir},
                  {"model", toString(s.model)},
                  {"heads", heads},
                  {"train_positions", s.trainPositions},
                  {"test_positions", s.testPositions},
                  {"poison",
                   {{"count", s.poisonCount},
                    {"validation_count", s.poisonValidationCount},
                    {"selection", toString(s.poisonSelection)},
                    {"target", s.target}}},
                  {"training", trainingToJson(s.training)},
                  {"reps", s.reps},
                  {"seed", s.seed},
                  {"limit_train", s.limitTrain},
                  {"limit_test", s.limitTest},
                  {"validation_fraction", s.validationFraction},
                  {"validation_split", toString(s.validationSplit)}};
  // A spec holds only the sections its modality uses.
  for (const auto& section : descriptorOf(s.modality).specSections) j[section.name] = section.write(s);
  // Only budget specs carry a budget: every other spec's JSON (and the model
  // caches keyed on it) stays as it was.
  if (!s.budget.empty())
    j["budget"] = {{"poison", s.budget.poison}, {"regimes", s.budget.regimes}, {"stride", s.budget.stride}};
  return j.dump(2);
}

ExperimentSpec specFromJson(const std::string& text, const ExperimentSpec& base, const std::string& origin) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {  // parse errors, and numbers too large for a double
    throw Error(origin + ": not valid JSON (" + e.what() + ")");
  }
  Reader r(j, "", origin);
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
  r.readString("modality", [&](const std::string& m) { s.modality = modalityFromString(m); });
  r.read("dataset", s.dataset);
  r.read("data_dir", s.dataDir);
  r.readString("model", [&](const std::string& m) { s.model = architectureFromString(m); });
  if (j.contains("heads")) {
    std::vector<std::string> heads;
    r.read("heads", heads);
    s.heads.clear();
    for (const auto& h : heads) {
      try {
        s.heads.push_back(headFromString(h));
      } catch (const Error& e) {
        r.fail("heads", e.what());
      }
    }
  }
  // Every registered modality's sections: a spec may carry another
  // modality's (its JSON then drops them), never an unknown one.
  std::set<std::string> sectionsRead;
  for (const auto& descriptor : modalityRegistry())
    for (const auto& section : descriptor.specSections)
      if (sectionsRead.insert(section.name).second) section.read(r.child(section.name), s);
  r.read("train_positions", s.trainPositions);
  r.read("test_positions", s.testPositions);
  {
    auto p = r.child("poison");
    p.read("count", s.poisonCount);
    p.read("validation_count", s.poisonValidationCount);
    p.readString("selection", [&](const std::string& v) { s.poisonSelection = poisonSelectionFromString(v); });
    p.read("target", s.target);
    p.rejectUnknownKeys();
  }
  readTraining(r.child("training"), s.training);
  r.read("reps", s.reps);
  r.read("seed", s.seed);
  r.read("limit_train", s.limitTrain);
  r.read("limit_test", s.limitTest);
  r.read("validation_fraction", s.validationFraction);
  r.readString("validation_split", [&](const std::string& v) { s.validationSplit = holdOutFromString(v); });
  if (r.find("budget")) {
    auto b = r.child("budget");
    b.read("poison", s.budget.poison);
    b.read("regimes", s.budget.regimes);
    b.read("stride", s.budget.stride);
    b.rejectUnknownKeys();
  }
  r.rejectUnknownKeys();
  try {
    s.validate();
  } catch (const Error& e) {
    throw Error(origin + ": " + e.what());
  }
  return s;
}

}  // namespace gaplab
