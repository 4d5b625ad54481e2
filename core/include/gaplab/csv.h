// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How result tables write their numbers and text fields, and read them back
// (gaplab/table.h declares a table from these once per row type).
#include <cstdio>
#include <string>
#include <vector>

namespace gaplab {

// `value` with `digits` decimals, whatever the locale.
inline std::string fixed(double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

// A share as logs and progress lines show it: "12.3%".
inline std::string percentText(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", 100 * fraction);
  return text;
}

// `value` with as many significant digits as give back the same double.
inline std::string exactNumber(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

// A CSV field: quoted only when it has to be.
inline std::string field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The rows of a CSV that `field` wrote, each split into its fields;
// `header` must be its first line. Throws Error naming `origin` and the line
// of a row with another number of fields, a bad quote, or another header.
std::vector<std::vector<std::string>> csvRows(const std::string& text, const std::string& header,
                                              const std::string& origin);

// A whole number or a finite number of a CSV field; throws Error naming `origin`.
long long csvInteger(const std::string& text, const std::string& origin);
// A whole number >= 0 up to 2^64 - 1 (seeds); throws Error naming `origin`.
unsigned long long csvUnsigned(const std::string& text, const std::string& origin);
double csvNumber(const std::string& text, const std::string& origin);

}  // namespace gaplab
