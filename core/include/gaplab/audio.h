// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>
#include <vector>

namespace gaplab {

struct Audio {
  std::vector<float> samples;  // mono, in [-1, 1]
  int rate = 0;
};

// WAV, FLAC and whatever else libsndfile reads; channels are averaged to mono.
// Throws Error naming the file.
Audio readAudio(const std::string& path);
// Band-limited resampling (libsamplerate); returns the input when rates match.
std::vector<float> resample(const std::vector<float>& samples, int fromRate, int toRate);

enum class Padding {
  End,     // zeros after the clip
  Centre,  // zeros on both sides, the clip in the middle
};
std::string toString(Padding padding);
Padding paddingFromString(const std::string& text);
// Shorter clips are zero-padded, longer ones cut (from the start).
std::vector<float> fitLength(const std::vector<float>& samples, int length, Padding padding);

// readAudio, resampled to `rate`, fitted to `length` samples.
std::vector<float> loadClip(const std::string& path, int rate, int length, Padding padding);

// 16-bit PCM WAV, written atomically.
void writeWav(const std::string& path, const std::vector<float>& samples, int rate);

}  // namespace gaplab
