// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: a spec section declared once, one field at a time (its JSON key
// and the member it holds), so that what a section writes and what it reads
// back cannot drift apart.
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "spec_reader.h"
#include "spec_section.h"

namespace gaplab {

template <typename Settings>
struct SpecField {
  std::string key;
  std::function<std::optional<nlohmann::json>(const Settings&)> write;  // nullopt: the key is left out
  std::function<void(SpecReader&, Settings&)> read;
};
template <typename Settings>
using SpecFields = std::vector<SpecField<Settings>>;

template <typename Settings>
nlohmann::json writeFields(const Settings& settings, const SpecFields<Settings>& fields) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& field : fields)
    if (auto value = field.write(settings)) object[field.key] = std::move(*value);
  return object;
}

// Reads `fields` over what `settings` holds; throws Error for an unknown key.
template <typename Settings>
void readFields(SpecReader& reader, Settings& settings, const SpecFields<Settings>& fields) {
  for (const auto& field : fields) field.read(reader, settings);
  reader.rejectUnknownKeys();
}

// A member as JSON has it (number, text, true/false, list).
template <typename Settings, typename Value>
SpecField<Settings> specField(std::string key, Value Settings::*member) {
  return {key, [member](const Settings& s) { return std::optional<nlohmann::json>(s.*member); },
          [key, member](SpecReader& reader, Settings& s) { reader.read(key, s.*member); }};
}

// A list written only when it holds something.
template <typename Settings, typename Value>
SpecField<Settings> nonEmptyField(std::string key, Value Settings::*member) {
  return {key,
          [member](const Settings& s) {
            return (s.*member).empty() ? std::nullopt : std::optional<nlohmann::json>(s.*member);
          },
          [key, member](SpecReader& reader, Settings& s) { reader.read(key, s.*member); }};
}

// A member written as its name (an enum): `print` and `parse`, which throws Error for an unknown name.
template <typename Settings, typename Value>
SpecField<Settings> namedField(std::string key, Value Settings::*member, std::string (*print)(Value),
                               Value (*parse)(const std::string&)) {
  return {key, [member, print](const Settings& s) { return std::optional<nlohmann::json>(print(s.*member)); },
          [key, member, parse](SpecReader& reader, Settings& s) {
            reader.readString(key, [&](const std::string& text) { s.*member = parse(text); });
          }};
}

// A list of names (enums): `print` and `parse`, which throws Error for an unknown name.
template <typename Settings, typename Value>
SpecField<Settings> namedListField(std::string key, std::vector<Value> Settings::*member, std::string (*print)(Value),
                                   Value (*parse)(const std::string&)) {
  return {key,
          [member, print](const Settings& s) {
            nlohmann::json names = nlohmann::json::array();
            for (const auto value : s.*member) names.push_back(print(value));
            return std::optional<nlohmann::json>(std::move(names));
          },
          [key, member, parse](SpecReader& reader, Settings& s) {
            if (!reader.find(key)) return;
            std::vector<std::string> names;
            reader.read(key, names);
            (s.*member).clear();
            for (const auto& name : names) {
              try {
                (s.*member).push_back(parse(name));
              } catch (const Error& e) {
                reader.fail(key, e.what());
              }
            }
          }};
}

// A list of objects, each of its own fields; `expected` names the list's form in errors.
template <typename Settings, typename Inner>
SpecField<Settings> listField(std::string key, std::vector<Inner> Settings::*member, SpecFields<Inner> fields,
                              std::string expected) {
  return {key,
          [member, fields](const Settings& s) {
            nlohmann::json list = nlohmann::json::array();
            for (const auto& item : s.*member) list.push_back(writeFields(item, fields));
            return std::optional<nlohmann::json>(std::move(list));
          },
          [key, member, fields, expected](SpecReader& reader, Settings& s) {
            auto elements = reader.elements(key, expected);
            if (!elements) return;
            (s.*member).clear();
            for (auto& element : *elements) {
              Inner item{};
              readFields(element, item, fields);
              (s.*member).push_back(item);
            }
          }};
}

// An object whose fields are members of the settings themselves (the spec's "poison").
template <typename Settings>
SpecField<Settings> groupField(std::string key, SpecFields<Settings> fields) {
  return {key, [fields](const Settings& s) { return std::optional<nlohmann::json>(writeFields(s, fields)); },
          [key, fields](SpecReader& reader, Settings& s) {
            auto inner = reader.child(key);
            readFields(inner, s, fields);
          }};
}

// A nested object of its own fields.
template <typename Settings, typename Inner>
SpecField<Settings> objectField(std::string key, Inner Settings::*member, SpecFields<Inner> fields) {
  return {key, [member, fields](const Settings& s) { return std::optional<nlohmann::json>(writeFields(s.*member, fields)); },
          [key, member, fields](SpecReader& reader, Settings& s) {
            auto inner = reader.child(key);
            readFields(inner, s.*member, fields);
          }};
}

// A nested object written only when it holds something (Inner::empty()).
template <typename Settings, typename Inner>
SpecField<Settings> optionalObjectField(std::string key, Inner Settings::*member, SpecFields<Inner> fields) {
  auto field = objectField(key, member, fields);
  field.write = [member, fields](const Settings& s) {
    return (s.*member).empty() ? std::nullopt : std::optional<nlohmann::json>(writeFields(s.*member, fields));
  };
  return field;
}

// A spec section that is one member of the spec, declared by its fields.
template <typename Settings>
SpecSection fieldSection(std::string name, Settings ExperimentSpec::*member, SpecFields<Settings> fields) {
  SpecSection section;
  section.name = std::move(name);
  section.write = [member, fields](const ExperimentSpec& spec) { return writeFields(spec.*member, fields); };
  section.read = [member, fields](SpecReader reader, ExperimentSpec& spec) { readFields(reader, spec.*member, fields); };
  return section;
}

}  // namespace gaplab
