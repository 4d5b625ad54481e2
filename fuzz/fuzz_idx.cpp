// SPDX-License-Identifier: GPL-3.0-or-later
// IDX images + labels: the first byte splits the input into the two files.
#include "fuzz_support.h"
#include "gaplab/error.h"
#include "gaplab/image_datasets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t split = std::min<std::size_t>(size - 1, 16 + data[0] * 4u);
  const auto images = gaplab::fuzz::writeInput("images.idx", data + 1, split);
  const auto labels = gaplab::fuzz::writeInput("labels.idx", data + 1 + split, size - 1 - split);
  try {
    const auto set = gaplab::readIdxImages(images, labels, {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"});
    if (set.size() > 0 && set.image(0).size() != static_cast<std::size_t>(set.shape().pixels())) __builtin_trap();
  } catch (const gaplab::Error&) {
  }
  return 0;
}
