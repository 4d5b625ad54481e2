// SPDX-License-Identifier: GPL-3.0-or-later
// WAV/FLAC/... through libsndfile, then resampling and fitting as for a clip.
#include <cmath>

#include "fuzz_support.h"
#include "gaplab/audio.h"
#include "gaplab/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = gaplab::fuzz::writeInput("clip.wav", data, size);
  try {
    const auto clip = gaplab::loadClip(path, 16000, 16000, gaplab::Padding::End);
    if (clip.size() != 16000) __builtin_trap();
    for (const float s : clip)
      if (!std::isfinite(s)) __builtin_trap();  // non-finite samples must be refused
  } catch (const gaplab::Error&) {
  }
  return 0;
}
