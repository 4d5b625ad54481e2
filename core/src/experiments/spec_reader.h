// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: reads a spec's JSON objects key by key, naming the full key path
// in every error ("spec.json: 'sound.trigger.kind': ..."). Used by
// experiment_spec.cpp and by each modality's own spec sections.
#include <nlohmann/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "gaplab/error.h"
#include "json_number.h"

namespace gaplab {

// Reads JSON objects key by key, naming the full key path in every error.
class SpecReader {
public:
  SpecReader(const nlohmann::json& object, std::string path, std::string origin)
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
      } catch (const nlohmann::json::exception&) {
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

  SpecReader child(const std::string& key) {
    seen_.insert(key);
    return SpecReader(object_.contains(key) ? object_.at(key) : nlohmann::json::object(), qualified(key), origin_);
  }

  const nlohmann::json* find(const std::string& key) {
    seen_.insert(key);
    const auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  // A reader for each element of the list at `key`, or nullopt when the key
  // is absent; `expected` says what the list should hold, for errors.
  std::optional<std::vector<SpecReader>> elements(const std::string& key, const std::string& expected) {
    const auto* list = find(key);
    if (!list) return std::nullopt;
    if (!list->is_array()) fail(key, "expected " + expected);
    std::vector<SpecReader> readers;
    for (const auto& element : *list) readers.emplace_back(element, qualified(key) + "[]", origin_);
    return readers;
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

  nlohmann::json object_;  // a copy: callers may pass temporaries
  std::string path_;
  std::string origin_;
  std::set<std::string> seen_;
};

}  // namespace gaplab
