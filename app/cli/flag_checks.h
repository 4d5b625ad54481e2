// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Checks on flag values that run while CLI11 parses the command line, so a
// malformed value is a usage error that names its flag ("--heads: unknown
// head 'x' (known: fc, gap)") before any data is read or model trained.
#include <CLI/CLI.hpp>

#include <string>
#include <utility>
#include <vector>

#include "gaplab/error.h"
#include "gaplab/experiment_spec.h"

namespace gaplab::cli {

// Accepts what one of core's parsers accepts (for a list flag: each item);
// the parser's Error becomes the flag's message.
template <class Parse>
CLI::Validator parsedBy(Parse parse, const std::string& what) {
  return CLI::Validator(
      [parse = std::move(parse)](std::string& value) -> std::string {
        try {
          parse(value);
          return {};
        } catch (const Error& e) {
          return e.what();
        }
      },
      what, what);
}

// Whole numbers >= 1 and >= 0. CLI11's ranges also refuse what is not a number.
inline const CLI::Range& atLeastOne() {
  static const CLI::Range range(1.0, static_cast<double>(std::numeric_limits<int>::max()), "POSITIVE");
  return range;
}
inline const CLI::Range& atLeastZero() {
  static const CLI::Range range(0.0, static_cast<double>(std::numeric_limits<int>::max()), "NONNEGATIVE");
  return range;
}

// Positions depend on the modality, so they are checked once the spec is
// known: the first token the spec's modality does not take is an Error that
// names `origin` (the flag, or the file the positions came from).
inline void checkPositions(const ExperimentSpec& spec, const std::vector<std::string>& tokens,
                           const std::string& origin) {
  for (const auto& token : tokens) try {
      spec.checkPosition(token);
    } catch (const Error& e) {
      throw Error(origin + ": " + e.what());
    }
}

}  // namespace gaplab::cli
