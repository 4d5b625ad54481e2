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
#include "gaplab/image_datasets.h"
#include "gaplab/sound_data.h"
#include "gaplab/text_data.h"

namespace gaplab {

using nlohmann::json;

namespace {

json triggerToJson(const TriggerSpec& t) {
  json j = {{"pattern", t.pattern}, {"width", t.width},  {"height", t.height},        {"seed", t.seed},
            {"value", t.value},     {"mask", t.mask},    {"blend", toString(t.blend)}, {"alpha", t.alpha},
            {"clip", t.clip}};
  // Only painted triggers carry their cells; the others are rebuilt from the fields above.
  if (!t.values.empty()) j["values"] = t.values;
  if (!t.maskValues.empty()) j["mask_values"] = t.maskValues;
  return j;
}

json trainingToJson(const TrainingConfig& c) {
  json schedule = json::array();
  for (const auto& s : c.schedule) schedule.push_back({{"from_epoch", s.fromEpoch}, {"lr", s.lr}});
  return {{"optimizer", toString(c.optimizer)}, {"lr", c.lr}, {"eps", c.eps}, {"rho", c.rho},
          {"schedule", schedule}, {"batch_size", c.batchSize}, {"epochs", c.epochs}, {"patience", c.patience},
          {"l2", c.l2}, {"threads", c.threads}};
}

// Reads JSON objects key by key, naming the full key path in every error.
class Reader {
public:
  Reader(const json& object, std::string path, std::string origin)
      : object_(object), path_(std::move(path)), origin_(std::move(origin)) {
    if (!object_.is_object()) fail("", "expected an object");
  }

  template <typename T>
  void read(const std::string& key, T& target) {
    seen_.insert(key);
    const auto it = object_.find(key);
    if (it == object_.end()) return;
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      const auto value = fittingNumber<T>(*it);
      if (!value)
        fail(key, std::string("expected ") + typeName<T>() + (it->is_number() ? " in range" : "") + ", got " + it->dump());
      target = *value;
    } else if constexpr (std::is_same_v<T, std::vector<float>>) {
      if (!it->is_array()) fail(key, "expected a list of numbers, got " + it->dump());
      std::vector<float> values;
      for (const auto& element : *it) {
        const auto value = fittingNumber<float>(element);
        if (!value) fail(key, "expected a list of numbers, got " + element.dump() + " in it");
        values.push_back(*value);
      }
      target = std::move(values);
    } else {
      try {
        target = it->template get<T>();
      } catch (const json::exception&) {
        fail(key, std::string("expected ") + typeName<T>() + ", got " + it->dump());
      }
    }
  }

  template <typename Convert>
  void readString(const std::string& key, Convert convert) {
    std::string text;
    bool present = object_.contains(key);
    read(key, text);
    if (!present) return;
    try {
      convert(text);
    } catch (const Error& e) {
      fail(key, e.what());
    }
  }

  Reader child(const std::string& key) {
    seen_.insert(key);
    return Reader(object_.contains(key) ? object_.at(key) : json::object(), qualified(key), origin_);
  }

  const json* find(const std::string& key) {
    seen_.insert(key);
    const auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  void rejectUnknownKeys() const {
    for (const auto& [key, value] : object_.items())
      if (!seen_.count(key)) fail(key, "unknown key");
  }

  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw Error(origin_ + ": " + (key.empty() && path_.empty() ? std::string() : "'" + qualified(key) + "': ") + what);
  }

private:
  std::string qualified(const std::string& key) const { return path_.empty() ? key : key.empty() ? path_ : path_ + "." + key; }
  template <typename T>
  static const char* typeName() {
    if constexpr (std::is_same_v<T, std::string>) return "a string";
    else if constexpr (std::is_same_v<T, bool>) return "true or false";
    else if constexpr (std::is_integral_v<T>) return "a whole number";
    else if constexpr (std::is_floating_point_v<T>) return "a number";
    else return "a list";
  }

  json object_;  // a copy: callers may pass temporaries
  std::string path_;
  std::string origin_;
  std::set<std::string> seen_;
};

void readTrigger(Reader r, TriggerSpec& t) {
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
}

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
                  {"trigger", triggerToJson(s.trigger)},
                  {"sound",
                   {{"rate", s.sound.rate},
                    {"clip_seconds", s.sound.clipSeconds},
                    {"padding", toString(s.sound.padding)},
                    {"split", s.sound.split},
                    {"drop_short", s.sound.dropShort},
                    {"noise", s.sound.noise},
                    {"words", s.sound.words},
                    {"features",
                     {{"kind", s.sound.features.kind},
                      {"n_fft", s.sound.features.nFft},
                      {"hop", s.sound.features.hop},
                      {"n_mels", s.sound.features.nMels},
                      {"n_mfcc", s.sound.features.nMfcc}}},
                    {"normalise", s.sound.normalise},
                    {"trigger",
                     {{"kind", s.sound.trigger.kind},
                      {"frequency", s.sound.trigger.frequency},
                      {"amplitude_db", s.sound.trigger.amplitudeDb},
                      {"duration", s.sound.trigger.duration},
                      {"wav", s.sound.trigger.wavPath},
                      {"seed", s.sound.trigger.seed},
                      {"bin", s.sound.trigger.bin}}}}},
                  {"text",
                   {{"words", s.text.words},
                    {"max_tokens", s.text.maxTokens},
                    {"sequence_length", s.text.sequenceLength}}},
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
  const auto& sections = descriptorOf(s.modality).specSections;
  for (const char* section : {"trigger", "sound", "text"})
    if (std::find(sections.begin(), sections.end(), section) == sections.end()) j.erase(section);
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
  readTrigger(r.child("trigger"), s.trigger);
  {
    auto so = r.child("sound");
    auto& sound = s.sound;
    so.read("rate", sound.rate);
    so.read("clip_seconds", sound.clipSeconds);
    so.readString("padding", [&](const std::string& v) { sound.padding = paddingFromString(v); });
    so.read("split", sound.split);
    so.read("drop_short", sound.dropShort);
    so.read("noise", sound.noise);
    so.read("words", sound.words);
    auto f = so.child("features");
    f.read("kind", sound.features.kind);
    f.read("n_fft", sound.features.nFft);
    f.read("hop", sound.features.hop);
    f.read("n_mels", sound.features.nMels);
    f.read("n_mfcc", sound.features.nMfcc);
    f.rejectUnknownKeys();
    so.read("normalise", sound.normalise);
    auto tr = so.child("trigger");
    tr.read("kind", sound.trigger.kind);
    tr.read("frequency", sound.trigger.frequency);
    tr.read("amplitude_db", sound.trigger.amplitudeDb);
    tr.read("duration", sound.trigger.duration);
    tr.read("wav", sound.trigger.wavPath);
    tr.read("seed", sound.trigger.seed);
    tr.read("bin", sound.trigger.bin);
    tr.rejectUnknownKeys();
    so.rejectUnknownKeys();
  }
  {
    auto t = r.child("text");
    t.read("words", s.text.words);
    t.read("max_tokens", s.text.maxTokens);
    t.read("sequence_length", s.text.sequenceLength);
    t.rejectUnknownKeys();
  }
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
