// SPDX-License-Identifier: GPL-3.0-or-later
// gaplab-cli's sound commands: train and sweep on featurised clips, and
// render-audio to hear a trigger.
#include <cmath>
#include <cstdio>
#include <sstream>

#include "cli_support.h"
#include "commands.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/experiment.h"
#include "gaplab/sound_experiment.h"

namespace gaplab::cli {

// ASR with the trigger's onset every strideMs milliseconds.
int runSweepSound(const SweepArgs& args) {
  const auto checkpoint = loadCheckpoint(args.checkpoint);
  const auto spec = sweepSpec(checkpoint.info.spec, args);
  if (!(args.strideMs > 0)) throw Error("stride-ms must be positive, got " + std::to_string(args.strideMs));
  const auto session = Experiment::open(spec)->session(args.checkpoint, spec);
  const int clipLength = static_cast<int>(std::lround(spec.sound.clipSeconds * spec.sound.rate));
  const SoundTrigger trigger(spec.sound.trigger, spec.sound.rate, clipLength);
  const double lastOnset = spec.sound.clipSeconds - double(trigger.points()) / spec.sound.rate;
  std::vector<std::string> placements;
  for (int step = 0; step * args.strideMs / 1000.0 <= lastOnset + 1e-9; ++step) {
    char placement[32];
    std::snprintf(placement, sizeof placement, "@%.4f", step * args.strideMs / 1000.0);
    placements.push_back(placement);
  }
  writePlacementSweep(args.out, "onset_s,asr,r_acc,n_eval", placements, "onset", [&](const std::string& placement) {
    const auto attack = session->attackAt(placement);
    std::ostringstream line;
    line << placement.substr(1) << ',' << attack.metrics.asr() << ',' << attack.metrics.robustAccuracy() << ','
         << attack.metrics.evaluated;
    return line.str();
  });
  return 0;
}

int renderAudio(const RenderAudioArgs& args) {
  auto spec = args.spec.resolve();
  if (spec.modality != Modality::Sound) throw Error("render-audio needs a sound preset or spec (e.g. --preset lecture-sound)");
  const int rate = spec.sound.rate;
  const int length = static_cast<int>(std::lround(spec.sound.clipSeconds * rate));
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
