// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/text_pipeline.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "gaplab/error.h"

namespace gaplab {

namespace {
constexpr const char* kPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
bool isAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
}  // namespace

std::string standardise(const std::string& text) {
  std::string lower = text;
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  std::string withoutBreaks;
  withoutBreaks.reserve(lower.size());
  for (std::size_t i = 0; i < lower.size();) {
    if (lower.compare(i, 6, "<br />") == 0) {
      i += 6;
      continue;
    }
    withoutBreaks += lower[i++];
  }
  std::string result;
  result.reserve(withoutBreaks.size());
  for (char c : withoutBreaks)
    if (c == '\0' || !std::strchr(kPunctuation, c)) result += c;
  return result;
}

std::vector<std::string> tokenise(const std::string& text) {
  std::vector<std::string> tokens;
  std::string current;
  for (char c : text) {
    if (isAsciiSpace(c)) {
      if (!current.empty()) tokens.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

Vocabulary Vocabulary::build(const std::vector<std::vector<std::string>>& documents, int maxTokens) {
  std::unordered_map<std::string, long> counts;
  for (const auto& document : documents)
    for (const auto& token : document) ++counts[token];
  return fromCounts(counts, maxTokens);
}

Vocabulary Vocabulary::fromCounts(const std::unordered_map<std::string, long>& counts, int maxTokens) {
  if (maxTokens < 1) throw Error("vocabulary size must be >= 1, got " + std::to_string(maxTokens));
  std::vector<std::pair<std::string, long>> ranked(counts.begin(), counts.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (ranked.size() > static_cast<std::size_t>(maxTokens)) ranked.resize(static_cast<std::size_t>(maxTokens));
  std::vector<std::string> tokens;
  for (auto& [token, count] : ranked) tokens.push_back(token);
  return fromTokens(std::move(tokens));
}

Vocabulary Vocabulary::fromTokens(std::vector<std::string> tokens) {
  Vocabulary v;
  v.tokens_ = std::move(tokens);
  for (std::size_t i = 0; i < v.tokens_.size(); ++i)
    if (!v.ids_.emplace(v.tokens_[i], static_cast<int>(i) + 2).second)
      throw Error("vocabulary lists '" + v.tokens_[i] + "' twice");
  return v;
}

int Vocabulary::id(const std::string& token) const {
  const auto it = ids_.find(token);
  return it == ids_.end() ? kOutOfVocabulary : it->second;
}

std::vector<std::int64_t> Vocabulary::encode(const std::vector<std::string>& tokens, int length) const {
  std::vector<std::int64_t> ids(static_cast<std::size_t>(length), kPadding);
  const auto n = std::min(tokens.size(), ids.size());
  for (std::size_t i = 0; i < n; ++i) ids[i] = id(tokens[i]);
  return ids;
}

}  // namespace gaplab
