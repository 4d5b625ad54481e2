// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace gaplab {

// The paper's standardisation: ASCII lowercase, drop "<br />", strip ASCII
// punctuation (Python's string.punctuation).
std::string standardise(const std::string& text);
// Splits on runs of whitespace.
std::vector<std::string> tokenise(const std::string& standardised);

// Token ids: 0 padding, 1 out-of-vocabulary, then the most frequent training
// tokens (ties broken alphabetically, so the order is deterministic).
class Vocabulary {
public:
  static constexpr int kPadding = 0;
  static constexpr int kOutOfVocabulary = 1;

  Vocabulary() = default;
  static Vocabulary build(const std::vector<std::vector<std::string>>& documents, int maxTokens);
  // The same from token counts gathered one document at a time.
  static Vocabulary fromCounts(const std::unordered_map<std::string, long>& counts, int maxTokens);
  static Vocabulary fromTokens(std::vector<std::string> tokens);  // in id order, from id 2 on

  int id(const std::string& token) const;
  int size() const { return static_cast<int>(tokens_.size()) + 2; }  // number of ids
  const std::vector<std::string>& tokens() const { return tokens_; }
  // Ids cut or padded at the end to `length`.
  std::vector<std::int64_t> encode(const std::vector<std::string>& tokens, int length) const;

private:
  std::vector<std::string> tokens_;
  std::unordered_map<std::string, int> ids_;
};

// An immutable set of encoded texts: ids [N, L] and labels; cheap to copy.
class TextSet {
public:
  struct Impl;  // defined in core/src/text_set_impl.h
  TextSet();
  explicit TextSet(std::shared_ptr<const Impl> impl);
  static TextSet fromIds(std::vector<std::int64_t> ids, std::vector<int> labels, int sequenceLength);

  int size() const;
  int sequenceLength() const;
  std::vector<std::int64_t> ids(int index) const;
  std::vector<int> labels() const;
  const Impl& impl() const;

private:
  std::shared_ptr<const Impl> impl_;
};

}  // namespace gaplab
