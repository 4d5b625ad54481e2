// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "gaplab/positions.h"

namespace gaplab {

// A trigger added to the waveform before feature extraction.
struct SoundTriggerSpec {
  // tone | noise | wav act on the waveform; painted adds the spec's image
  // trigger (a mask of time-frequency cells and an intensity) to the features.
  std::string kind = "tone";
  double frequency = 0;       // tone, Hz; 0: near-Nyquist (0.95 x rate / 2), the paper's idea at any rate
  double amplitudeDb = -10;   // peak amplitude in dB full scale (the paper: sox "vol -10dB")
  double duration = 0.15;     // seconds in all (the paper: 15% of 1 s)
  std::string wavPath;        // wav: the snippet, repeated to fill the duration
  std::uint64_t seed = 0;     // noise
  int bin = 0;                // painted: the first feature bin (frequency offset)
};

// Every value SoundTriggerSpec::kind may take.
const std::vector<std::string>& soundTriggerKinds();
// The named placements of a sound trigger (besides "@SECONDS").
const std::vector<std::string>& namedSoundPlacements();

struct SampleRange {
  int start = 0;
  int length = 0;
  bool operator==(const SampleRange& o) const { return start == o.start && length == o.length; }
};

// The samples a trigger of `points` samples covers in a clip of `clipLength`,
// with the authors' arithmetic: "start", "middle", "end", "split" (5 equal
// pieces at 0, 1/5, ..., 4/5 of the clip), or "@T" (onset T seconds).
std::vector<SampleRange> triggerRanges(const std::string& placement, int clipLength, int points, int rate);
void checkSoundPlacement(const std::string& placement);  // throws Error naming it

// Where a painted trigger of frames x bins (height x width) goes on a feature
// image of `frames` x `bins`: the placement sets the first frame (start, middle,
// end, or @T seconds at `framesPerSecond`), `bin` the first bin. "split" is
// for waveform triggers only.
Position paintedPosition(const std::string& placement, int frames, int bins, int triggerFrames, int triggerBins,
                         int bin, double framesPerSecond);

class SoundTrigger {
public:
  SoundTrigger(const SoundTriggerSpec& spec, int rate, int clipLength);  // throws Error
  // The trigger's waveform for a whole clip: zero outside its ranges. A tone
  // keeps the phase of one continuous sine, as the authors' masked 1 s tone.
  std::vector<float> signal(const std::string& placement) const;
  void addTo(std::vector<float>& clip, const std::string& placement) const;
  bool painted() const { return painted_; }
  int points() const { return points_; }
  int rate() const { return rate_; }

private:
  std::vector<float> source_;  // the full-length source: sine, noise, or the tiled snippet
  bool tiledFromRangeStart_ = false;
  bool painted_ = false;
  int rate_;
  int clipLength_;
  int points_;
};

}  // namespace gaplab
