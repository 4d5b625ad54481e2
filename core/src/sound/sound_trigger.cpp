// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/sound_trigger.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "gaplab/audio.h"
#include "gaplab/error.h"
#include "gaplab/positions.h"
#include "joined.h"
#include "rng.h"

namespace gaplab {

namespace {

double onsetSeconds(const std::string& placement) {
  char* end = nullptr;
  const double seconds = std::strtod(placement.c_str() + 1, &end);
  if (placement.size() < 2 || *end != '\0' || !(seconds >= 0) || !std::isfinite(seconds))
    throw Error("bad sound position '" + placement + "': expected start, middle, end, split or @SECONDS");
  return seconds;
}

}  // namespace

const std::vector<std::string>& soundTriggerKinds() {
  static const std::vector<std::string> kinds{"tone", "noise", "wav", "painted"};
  return kinds;
}

const std::vector<std::string>& namedSoundPlacements() {
  static const std::vector<std::string> names{"start", "middle", "end", "split"};
  return names;
}

void checkSoundPlacement(const std::string& placement) {
  const auto& names = namedSoundPlacements();
  if (std::find(names.begin(), names.end(), placement) != names.end()) return;
  if (isRandomPlacement(placement)) return;  // resolved per clip when poisoning
  if (!placement.empty() && placement[0] == '@') {
    onsetSeconds(placement);
    return;
  }
  throw Error("unknown sound position '" + placement + "' (known: start, middle, end, split, @SECONDS)");
}

std::vector<SampleRange> triggerRanges(const std::string& placement, int clipLength, int points, int rate) {
  checkSoundPlacement(placement);
  if (points <= 0 || points > clipLength)
    throw Error("a trigger of " + std::to_string(points) + " samples does not fit a clip of " +
                std::to_string(clipLength));
  if (placement == "start") return {{0, points}};
  if (placement == "end") return {{clipLength - points, points}};
  if (placement == "middle") {
    // The authors: start = L/2 - p/2 (+1 if p is odd), end = L/2 + p/2 - 1, inclusive.
    const int start = clipLength / 2 - points / 2 + (points % 2);
    const int end = clipLength / 2 + points / 2 - 1;
    return {{start, end - start + 1}};
  }
  if (placement == "split") {
    std::vector<SampleRange> pieces;
    for (int i = 0; i < 5; ++i) pieces.push_back({i * (clipLength / 5), points / 5});
    return pieces;
  }
  const int start = static_cast<int>(std::lround(onsetSeconds(placement) * rate));
  if (start + points > clipLength)
    throw Error("a trigger of " + std::to_string(points) + " samples at " + placement.substr(1) +
                " s does not fit a clip of " + std::to_string(clipLength) + " samples");
  return {{start, points}};
}

Position paintedPosition(const std::string& placement, int frames, int bins, int triggerFrames, int triggerBins,
                         int bin, double framesPerSecond) {
  checkSoundPlacement(placement);
  if (placement == "split") throw Error("'split' places waveform triggers; a painted trigger takes start, middle, end or @T");
  int frame = 0;
  if (placement == "middle") frame = (frames - triggerFrames) / 2;
  else if (placement == "end") frame = frames - triggerFrames;
  else if (placement[0] == '@') frame = static_cast<int>(std::lround(onsetSeconds(placement) * framesPerSecond));
  const Position position{bin, frame};
  checkFits(position, frames, bins, {triggerFrames, triggerBins});
  return position;
}

SoundTrigger::SoundTrigger(const SoundTriggerSpec& spec, int rate, int clipLength)
    : rate_(rate), clipLength_(clipLength), points_(static_cast<int>(std::lround(spec.duration * rate))) {
  if (rate <= 0 || clipLength <= 0) throw Error("sample rate and clip length must be positive");
  if (spec.kind == "painted") {  // acts on features: no waveform
    painted_ = true;
    points_ = 0;
    return;
  }
  if (!(spec.duration > 0)) throw Error("trigger duration must be positive, got " + std::to_string(spec.duration));
  if (points_ > clipLength)
    throw Error("a trigger of " + std::to_string(spec.duration) + " s is longer than the clip of " +
                std::to_string(double(clipLength) / rate) + " s");
  if (!std::isfinite(spec.amplitudeDb)) throw Error("trigger amplitude must be finite");
  const double amplitude = std::pow(10.0, spec.amplitudeDb / 20.0);
  source_.resize(static_cast<std::size_t>(clipLength));
  if (spec.kind == "tone") {
    const double frequency = spec.frequency > 0 ? spec.frequency : 0.95 * rate / 2.0;
    if (frequency >= rate / 2.0)
      throw Error("a tone of " + std::to_string(frequency) + " Hz is above the Nyquist frequency of " +
                  std::to_string(rate / 2) + " Hz");
    for (int t = 0; t < clipLength; ++t)
      source_[static_cast<std::size_t>(t)] = static_cast<float>(amplitude * std::sin(2 * M_PI * frequency * t / rate));
  } else if (spec.kind == "noise") {
    SplitMix64 rng(spec.seed);
    for (auto& v : source_) v = static_cast<float>(amplitude * (2.0 * rng.uniformFloat() - 1.0));
  } else if (spec.kind == "wav") {
    if (spec.wavPath.empty()) throw Error("a wav trigger needs a file (sound.trigger.wav)");
    const auto audio = readAudio(spec.wavPath);
    const auto snippet = resample(audio.samples, audio.rate, rate);
    if (snippet.empty()) throw Error(spec.wavPath + ": empty after resampling");
    for (int t = 0; t < clipLength; ++t)
      source_[static_cast<std::size_t>(t)] = static_cast<float>(amplitude * snippet[static_cast<std::size_t>(t) % snippet.size()]);
    tiledFromRangeStart_ = true;
  } else {
    throw Error("unknown sound trigger '" + spec.kind + "' (known: " + joined(soundTriggerKinds()) + ")");
  }
}

std::vector<float> SoundTrigger::signal(const std::string& placement) const {
  if (painted_) throw Error("a painted trigger acts on the features, not on the waveform");
  std::vector<float> out(static_cast<std::size_t>(clipLength_), 0.0f);
  for (const auto& range : triggerRanges(placement, clipLength_, points_, rate_))
    for (int i = 0; i < range.length; ++i) {
      const int t = range.start + i;
      out[static_cast<std::size_t>(t)] = source_[static_cast<std::size_t>(tiledFromRangeStart_ ? i : t)];
    }
  return out;
}

void SoundTrigger::addTo(std::vector<float>& clip, const std::string& placement) const {
  if (static_cast<int>(clip.size()) != clipLength_)
    throw Error("clip has " + std::to_string(clip.size()) + " samples, the trigger was made for " +
                std::to_string(clipLength_));
  const auto trigger = signal(placement);
  for (std::size_t t = 0; t < clip.size(); ++t) clip[t] += trigger[t];
}

}  // namespace gaplab
