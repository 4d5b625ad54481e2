// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: numbers from outside JSON (specs, checkpoint sidecars), converted
// only when they fit. nlohmann's get<int>() turns a double such as 6.7e48
// into an int with a plain cast, which is undefined behaviour (found by
// fuzzing spec files).
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "gaplab/error.h"

namespace gaplab {

template <typename T>
std::optional<T> fittingNumber(const nlohmann::json& j) {
  static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>);
  if constexpr (std::is_integral_v<T>) {
    using Limits = std::numeric_limits<T>;
    if (j.is_number_unsigned()) {
      const auto v = j.get<std::uint64_t>();
      if (v <= static_cast<std::uint64_t>(Limits::max())) return static_cast<T>(v);
    } else if (j.is_number_integer()) {
      const auto v = j.get<std::int64_t>();
      if (v >= 0 ? static_cast<std::uint64_t>(v) <= static_cast<std::uint64_t>(Limits::max())
                 : Limits::is_signed && v >= static_cast<std::int64_t>(Limits::min()))
        return static_cast<T>(v);
    } else if (j.is_number_float()) {
      // A whole number written as 3.0 is fine; anything beyond 2^53 is not exact anyway.
      const double d = j.get<double>();
      if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9007199254740992.0 &&
          d >= static_cast<double>(Limits::min()) && d <= static_cast<double>(Limits::max()))
        return static_cast<T>(d);
    }
    return std::nullopt;
  } else {
    if (!j.is_number()) return std::nullopt;
    const double d = j.get<double>();
    if (!std::isfinite(d) || std::abs(d) > static_cast<double>(std::numeric_limits<T>::max())) return std::nullopt;
    return static_cast<T>(d);
  }
}

// j[key] as T; throws Error naming the key when it is missing or does not fit.
template <typename T>
T numberAt(const nlohmann::json& j, const std::string& key) {
  const auto it = j.find(key);
  if (it == j.end()) throw Error("'" + key + "' is missing");
  if (const auto v = fittingNumber<T>(*it)) return *v;
  throw Error("'" + key + "': " + it->dump() + " is not a usable number here");
}

// j[key] as a list of T, each element checked as numberAt does.
template <typename T>
std::vector<T> numbersAt(const nlohmann::json& j, const std::string& key) {
  const auto it = j.find(key);
  if (it == j.end()) throw Error("'" + key + "' is missing");
  if (!it->is_array()) throw Error("'" + key + "': expected a list of numbers");
  std::vector<T> values;
  values.reserve(it->size());
  for (const auto& element : *it) {
    const auto v = fittingNumber<T>(element);
    if (!v) throw Error("'" + key + "': " + element.dump() + " is not a usable number here");
    values.push_back(*v);
  }
  return values;
}

}  // namespace gaplab
