// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: "a, b, c", for the lists of known values in error messages.
#include <string>
#include <vector>

namespace gaplab {

inline std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace gaplab
