// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: how result tables write their numbers and text fields.
#include <cstdio>
#include <string>

namespace gaplab {

// `value` with `digits` decimals, whatever the locale.
inline std::string fixed(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

// A CSV field: quoted only when it has to be.
inline std::string field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace gaplab
