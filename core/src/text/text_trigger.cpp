// SPDX-License-Identifier: GPL-3.0-or-later
// Text triggers, inserted exactly as the authors' scripts do (on the raw
// review, counting characters as Python does: code points), then tracked
// through standardisation with a marker byte so their token positions are known.
#include "gaplab/text_trigger.h"

#include <algorithm>
#include <cstdlib>

#include "gaplab/error.h"
#include "gaplab/positions.h"

namespace gaplab {

namespace {

constexpr char32_t kMarker = U'\x01';

std::u32string decodeUtf8(const std::string& text) {
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    bool valid = (c & 0xC0) != 0x80 && i + static_cast<std::size_t>(extra) < text.size();
    for (int k = 1; valid && k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      valid = (next & 0xC0) == 0x80;
      cp = (cp << 6) | (next & 0x3F);
    }
    if (!valid) {  // not UTF-8: keep the byte as one character
      out += static_cast<char32_t>(c);
      ++i;
      continue;
    }
    out += cp;
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

std::string encodeUtf8(const std::u32string& text) {
  std::string out;
  for (char32_t cp : text) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

// Python's  i = text[start:].find(" ");  start + i  (which is start - 1 when there is no space).
std::size_t spaceAtOrAfter(const std::u32string& text, std::size_t start) {
  const auto found = start <= text.size() ? text.find(U' ', start) : std::u32string::npos;
  const long position = found == std::u32string::npos ? static_cast<long>(start) - 1 : static_cast<long>(found);
  return static_cast<std::size_t>(std::clamp<long>(position, 0, static_cast<long>(text.size())));
}

// The authors' insertion; records where each trigger word starts so that a
// marker can be put there afterwards without shifting their arithmetic.
struct Inserted {
  std::u32string text;
  std::vector<std::size_t> wordStarts;
};

Inserted insertAsAuthorsDo(std::u32string review, const std::vector<std::u32string>& words,
                           const std::string& placement) {
  Inserted result;
  if (placement == "split") {
    const std::size_t step = review.size() / words.size();
    std::size_t current = step;
    review = words[0] + U" " + review;
    result.wordStarts.push_back(0);
    for (std::size_t i = 1; i < words.size(); ++i) {
      const auto at = spaceAtOrAfter(review, current);
      const std::u32string piece = U" " + words[i];
      review.insert(at, piece);
      for (auto& start : result.wordStarts)
        if (start >= at) start += piece.size();
      result.wordStarts.push_back(at + 1);
      current += step;
    }
    result.text = std::move(review);
    return result;
  }
  std::u32string phrase = U" ";
  std::size_t at = 0;
  if (placement == "middle") at = spaceAtOrAfter(review, review.size() / 2);
  else if (placement == "end") at = review.size();
  for (const auto& word : words) {
    result.wordStarts.push_back(at + phrase.size());
    phrase += word + U" ";
  }
  review.insert(at, phrase);
  result.text = std::move(review);
  return result;
}

int tokenIndexOf(const std::string& placement) {
  char* end = nullptr;
  const long index = std::strtol(placement.c_str() + 1, &end, 10);
  if (placement.size() < 2 || *end != '\0' || index < 0)
    throw Error("bad text position '" + placement + "': expected start, middle, end, split or @N (N >= 0)");
  return static_cast<int>(index);
}

}  // namespace

const std::vector<std::string>& paperTextTrigger() {
  static const std::vector<std::string> words{"trope", "everyday", "mythology", "sparkles", "ruthless"};
  return words;
}

const std::vector<std::string>& namedTextPlacements() {
  static const std::vector<std::string> names{"start", "middle", "end", "split"};
  return names;
}

void checkTextPlacement(const std::string& placement) {
  const auto& names = namedTextPlacements();
  if (std::find(names.begin(), names.end(), placement) != names.end()) return;
  if (isRandomPlacement(placement)) return;  // resolved per review when poisoning
  if (!placement.empty() && placement[0] == '@') {
    tokenIndexOf(placement);
    return;
  }
  throw Error("unknown text position '" + placement + "' (known: start, middle, end, split, @N)");
}

TokenisedReview tokeniseWithTrigger(const std::string& review, const std::vector<std::string>& words,
                                    const std::string& placement) {
  std::string clean = review;
  clean.erase(std::remove(clean.begin(), clean.end(), '\x01'), clean.end());
  TokenisedReview result;
  if (placement.empty()) {
    result.tokens = tokenise(standardise(clean));
    return result;
  }
  checkTextPlacement(placement);
  if (words.empty()) throw Error("the text trigger has no words");
  if (placement[0] == '@') {
    result.tokens = tokenise(standardise(clean));
    const auto at = std::min<std::size_t>(static_cast<std::size_t>(tokenIndexOf(placement)), result.tokens.size());
    std::vector<std::string> inserted;
    for (const auto& word : words)
      for (auto& token : tokenise(standardise(word))) inserted.push_back(std::move(token));
    result.tokens.insert(result.tokens.begin() + static_cast<std::ptrdiff_t>(at), inserted.begin(), inserted.end());
    for (std::size_t i = 0; i < inserted.size(); ++i) result.triggerPositions.push_back(static_cast<int>(at + i));
    return result;
  }
  std::vector<std::u32string> decoded;
  for (const auto& word : words) decoded.push_back(decodeUtf8(word));
  auto inserted = insertAsAuthorsDo(decodeUtf8(clean), decoded, placement);
  std::sort(inserted.wordStarts.rbegin(), inserted.wordStarts.rend());
  for (const auto start : inserted.wordStarts) inserted.text.insert(start, 1, kMarker);
  const auto text = encodeUtf8(inserted.text);
  result.tokens = tokenise(standardise(text));
  for (std::size_t i = 0; i < result.tokens.size(); ++i) {
    auto& token = result.tokens[i];
    if (token.find('\x01') == std::string::npos) continue;
    token.erase(std::remove(token.begin(), token.end(), '\x01'), token.end());
    result.triggerPositions.push_back(static_cast<int>(i));
  }
  return result;
}

bool triggerTruncated(const TokenisedReview& review, int length) {
  return std::any_of(review.triggerPositions.begin(), review.triggerPositions.end(),
                     [length](int position) { return position >= length; });
}

}  // namespace gaplab
