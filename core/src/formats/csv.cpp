// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/csv.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "gaplab/error.h"

namespace gaplab {

namespace {

std::vector<std::string> splitLine(const std::string& line, const std::string& where) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') fields.back() += c;
      else if (i + 1 < line.size() && line[i + 1] == '"') fields.back() += line[++i];
      else quoted = false;
    } else if (c == '"' && fields.back().empty()) {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  if (quoted) throw Error(where + ": a quote is not closed");
  return fields;
}

}  // namespace

std::vector<std::vector<std::string>> csvRows(const std::string& text, const std::string& header,
                                              const std::string& origin) {
  std::vector<std::vector<std::string>> rows;
  std::size_t start = 0;
  int line = 0;
  std::size_t columns = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) throw Error(origin + ": line " + std::to_string(line + 1) + " is cut off");
    const auto content = text.substr(start, end - start);
    start = end + 1;
    ++line;
    if (line == 1) {
      if (content != header) throw Error(origin + ": not the expected table (its header is '" + content + "')");
      columns = splitLine(header, origin).size();
      continue;
    }
    auto fields = splitLine(content, origin + ": line " + std::to_string(line));
    if (fields.size() != columns)
      throw Error(origin + ": line " + std::to_string(line) + " has " + std::to_string(fields.size()) +
                  " fields, expected " + std::to_string(columns));
    rows.push_back(std::move(fields));
  }
  if (line == 0) throw Error(origin + ": empty");
  return rows;
}

long long csvInteger(const std::string& text, const std::string& origin) {
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE) throw Error(origin + ": '" + text + "' is not a whole number");
  return value;
}

unsigned long long csvUnsigned(const std::string& text, const std::string& origin) {
  char* end = nullptr;
  errno = 0;
  // strtoull takes "-1" as 2^64 - 1: only digits are a whole number here.
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (!digits || *end != '\0' || errno == ERANGE)
    throw Error(origin + ": '" + text + "' is not a whole number >= 0");
  return value;
}

double csvNumber(const std::string& text, const std::string& origin) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value)) throw Error(origin + ": '" + text + "' is not a number");
  return value;
}

}  // namespace gaplab
