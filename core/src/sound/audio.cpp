// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/audio.h"

#include <cmath>

#include <samplerate.h>
#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "gaplab/error.h"

namespace gaplab {

namespace {
struct SndfileCloser {
  void operator()(SNDFILE* file) const { sf_close(file); }
};
using SndfileHandle = std::unique_ptr<SNDFILE, SndfileCloser>;
}  // namespace

Audio readAudio(const std::string& path) {
  SF_INFO info{};
  SndfileHandle file(sf_open(path.c_str(), SFM_READ, &info));
  if (!file) throw Error(path + ": cannot read audio (" + sf_strerror(nullptr) + ")");
  if (info.channels <= 0 || info.samplerate <= 0) throw Error(path + ": no channels or no sample rate");
  if (info.frames <= 0) throw Error(path + ": the file holds no audio");
  if (info.frames > static_cast<sf_count_t>(3600) * info.samplerate)
    throw Error(path + ": longer than an hour; not a clip");
  std::vector<float> interleaved(static_cast<std::size_t>(info.frames * info.channels));
  const auto read = sf_readf_float(file.get(), interleaved.data(), info.frames);
  if (read <= 0) throw Error(path + ": truncated or corrupt audio data");
  // Float WAV/FLAC can carry NaN or infinity; one such sample poisons every feature.
  for (std::size_t i = 0; i < static_cast<std::size_t>(read * info.channels); ++i)
    if (!std::isfinite(interleaved[i]))
      throw Error(path + ": sample " + std::to_string(i / static_cast<std::size_t>(info.channels)) +
                  " is not a finite number");
  Audio audio;
  audio.rate = info.samplerate;
  audio.samples.resize(static_cast<std::size_t>(read));
  for (sf_count_t f = 0; f < read; ++f) {
    float sum = 0;
    for (int c = 0; c < info.channels; ++c) sum += interleaved[static_cast<std::size_t>(f * info.channels + c)];
    audio.samples[static_cast<std::size_t>(f)] = sum / static_cast<float>(info.channels);
  }
  return audio;
}

std::vector<float> resample(const std::vector<float>& samples, int fromRate, int toRate) {
  if (fromRate <= 0 || toRate <= 0)
    throw Error("sample rates must be positive, got " + std::to_string(fromRate) + " and " + std::to_string(toRate));
  if (fromRate == toRate || samples.empty()) return samples;
  const double ratio = static_cast<double>(toRate) / fromRate;
  std::vector<float> out(static_cast<std::size_t>(samples.size() * ratio) + 16);
  SRC_DATA data{};
  data.data_in = samples.data();
  data.input_frames = static_cast<long>(samples.size());
  data.data_out = out.data();
  data.output_frames = static_cast<long>(out.size());
  data.src_ratio = ratio;
  if (const int error = src_simple(&data, SRC_SINC_MEDIUM_QUALITY, 1); error != 0)
    throw Error(std::string("resampling failed: ") + src_strerror(error));
  out.resize(static_cast<std::size_t>(data.output_frames_gen));
  return out;
}

std::string toString(Padding padding) { return padding == Padding::Centre ? "centre" : "end"; }

Padding paddingFromString(const std::string& text) {
  if (text == "end") return Padding::End;
  if (text == "centre" || text == "center") return Padding::Centre;
  throw Error("unknown padding '" + text + "' (known: end, centre)");
}

std::vector<float> fitLength(const std::vector<float>& samples, int length, Padding padding) {
  if (length <= 0) throw Error("clip length must be positive, got " + std::to_string(length));
  std::vector<float> out(static_cast<std::size_t>(length), 0.0f);
  const auto n = std::min(samples.size(), out.size());
  const auto offset = padding == Padding::Centre ? (out.size() - n) / 2 : 0;
  std::copy(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(n),
            out.begin() + static_cast<std::ptrdiff_t>(offset));
  return out;
}

std::vector<float> loadClip(const std::string& path, int rate, int length, Padding padding) {
  const auto audio = readAudio(path);
  return fitLength(resample(audio.samples, audio.rate, rate), length, padding);
}

void writeWav(const std::string& path, const std::vector<float>& samples, int rate) {
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  {
    SndfileHandle file(sf_open(temporary.c_str(), SFM_WRITE, &info));
    if (!file) throw Error(path + ": cannot write (" + sf_strerror(nullptr) + ")");
    sf_command(file.get(), SFC_SET_CLIPPING, nullptr, SF_TRUE);
    if (sf_writef_float(file.get(), samples.data(), static_cast<sf_count_t>(samples.size())) !=
        static_cast<sf_count_t>(samples.size())) {
      std::remove(temporary.c_str());
      throw Error(path + ": cannot write all samples");
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw Error(path + ": cannot replace");
  }
}

}  // namespace gaplab
