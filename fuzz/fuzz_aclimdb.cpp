// SPDX-License-Identifier: GPL-3.0-or-later
// The aclImdb layout: the input becomes one positive and one negative review
// (split at its first byte's position), with file names taken from it too.
#include <filesystem>

#include "fuzz_support.h"
#include "gaplab/error.h"
#include "gaplab/text_data.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  if (size < 1) return 0;
  const auto root = gaplab::fuzz::folder() / "aclImdb";
  fs::remove_all(root);
  fs::create_directories(root / "pos");
  fs::create_directories(root / "neg");
  const std::size_t split = std::min<std::size_t>(size - 1, data[0]);
  gaplab::fuzz::writeInput("aclImdb/pos/0_" + std::to_string(data[0] % 11) + ".txt", data + 1, split);
  gaplab::fuzz::writeInput("aclImdb/neg/1_2.txt", data + 1 + split, size - 1 - split);
  try {
    for (const auto& review : gaplab::readAclImdbFolder(root.string()))
      if (review.label != 0 && review.label != 1) __builtin_trap();
  } catch (const gaplab::Error&) {
  }
  return 0;
}
