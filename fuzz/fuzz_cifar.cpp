// SPDX-License-Identifier: GPL-3.0-or-later
// CIFAR-10 binary batches.
#include "fuzz_support.h"
#include "gaplab/error.h"
#include "gaplab/image_datasets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = gaplab::fuzz::writeInput("batch.bin", data, size);
  try {
    const auto set = gaplab::readCifar10Batches({path});
    if (set.size() * 3073 != static_cast<int>(size)) __builtin_trap();  // every byte is a record
  } catch (const gaplab::Error&) {
  }
  return 0;
}
