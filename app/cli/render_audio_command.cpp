// SPDX-License-Identifier: GPL-3.0-or-later
// gaplab-cli render-audio: a clip with the trigger added, to hear it.
#include <cmath>
#include <cstdio>
#include <sstream>

#include "cli_support.h"
#include "commands.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "gaplab/sound_protocol.h"

namespace gaplab::cli {

int renderAudio(const RenderAudioArgs& args) {
  auto spec = args.spec.resolve();
  if (spec.modality != Modality::Sound) throw Error("render-audio needs a sound preset or spec (e.g. --preset lecture-sound)");
  const int rate = spec.sound.rate;
  const int length = spec.sound.clipSamples();
  std::vector<float> clip;
  if (!args.input.empty()) {
    clip = loadClip(args.input, rate, length, spec.sound.padding);
  } else {
    const auto clips = loadSoundDataset(soundRequest(spec));
    if (args.sample < 0 || args.sample >= static_cast<int>(clips.test.size()))
      throw Error("sample " + std::to_string(args.sample) + " is not one of the " + std::to_string(clips.test.size()) +
                  " test clips");
    clip = clips.test[static_cast<std::size_t>(args.sample)];
  }
  if (!args.withoutTrigger) SoundTrigger(spec.sound.trigger, rate, length).addTo(clip, args.position);
  writeWav(args.out, clip, rate);
  std::fprintf(stderr, "wrote %s (%d Hz, %.2f s%s)\n", args.out.c_str(), rate, spec.sound.clipSeconds,
               args.withoutTrigger ? ", no trigger" : (", trigger @ " + args.position).c_str());
  return 0;
}

}  // namespace gaplab::cli
