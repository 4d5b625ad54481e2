// SPDX-License-Identifier: GPL-3.0-or-later
// Sound in the modality registry.
#include <cstdio>

#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/sound_data.h"
#include "gaplab/sound_trigger.h"
#include "modalities.h"
#include "modality_descriptor.h"

namespace gaplab {

namespace {

void validateSoundSettings(const ExperimentSpec& s) {
  const auto& sound = s.sound;
  if (sound.rate < 1000 || sound.rate > 192000) throw Error("sample rate must be 1000-192000 Hz, got " + std::to_string(sound.rate));
  if (!(sound.clipSeconds > 0 && sound.clipSeconds <= 60))
    throw Error("clip length must be in (0, 60] s, got " + std::to_string(sound.clipSeconds));
  if (!(sound.noise >= 0)) throw Error("noise must be >= 0");
  sound.features.validate();
  // Building the trigger checks its kind, frequency and length against the clip.
  SoundTrigger(sound.trigger, sound.rate, sound.clipSamples());
}

// The spec's "sound" section: the clips, their features and the trigger added to them.
SpecSection soundSection() {
  SpecSection section;
  section.name = "sound";
  section.write = [](const ExperimentSpec& spec) -> nlohmann::json {
    const auto& s = spec.sound;
    return {{"rate", s.rate},
            {"clip_seconds", s.clipSeconds},
            {"padding", toString(s.padding)},
            {"split", s.split},
            {"drop_short", s.dropShort},
            {"noise", s.noise},
            {"words", s.words},
            {"features",
             {{"kind", s.features.kind},
              {"n_fft", s.features.nFft},
              {"hop", s.features.hop},
              {"n_mels", s.features.nMels},
              {"n_mfcc", s.features.nMfcc}}},
            {"normalise", s.normalise},
            {"trigger",
             {{"kind", s.trigger.kind},
              {"frequency", s.trigger.frequency},
              {"amplitude_db", s.trigger.amplitudeDb},
              {"duration", s.trigger.duration},
              {"wav", s.trigger.wavPath},
              {"seed", s.trigger.seed},
              {"bin", s.trigger.bin}}}};
  };
  section.read = [](SpecReader so, ExperimentSpec& spec) {
    auto& sound = spec.sound;
    so.read("rate", sound.rate);
    so.read("clip_seconds", sound.clipSeconds);
    so.readString("padding", [&](const std::string& v) { sound.padding = paddingFromString(v); });
    so.read("split", sound.split);
    so.read("drop_short", sound.dropShort);
    so.read("noise", sound.noise);
    so.read("words", sound.words);
    auto f = so.child("features");
    f.read("kind", sound.features.kind);
    f.read("n_fft", sound.features.nFft);
    f.read("hop", sound.features.hop);
    f.read("n_mels", sound.features.nMels);
    f.read("n_mfcc", sound.features.nMfcc);
    f.rejectUnknownKeys();
    so.read("normalise", sound.normalise);
    auto tr = so.child("trigger");
    tr.read("kind", sound.trigger.kind);
    tr.read("frequency", sound.trigger.frequency);
    tr.read("amplitude_db", sound.trigger.amplitudeDb);
    tr.read("duration", sound.trigger.duration);
    tr.read("wav", sound.trigger.wavPath);
    tr.read("seed", sound.trigger.seed);
    tr.read("bin", sound.trigger.bin);
    tr.rejectUnknownKeys();
    so.rejectUnknownKeys();
  };
  return section;
}

}  // namespace

ModalityDescriptor soundDescriptor() {
  ModalityDescriptor d;
  d.modality = Modality::Sound;
  d.name = "sound";
  // Sound features are images: the image CNNs serve sound too.
  d.architectures = {Architecture::Lecture, Architecture::AdvDetection, Architecture::TrojaningAttacks,
                     Architecture::Strip};
  d.datasets = soundDatasetNames();
  d.namedPlacements = namedSoundPlacements();
  d.placementSyntax = "start, middle, end, split, @seconds, or random";
  d.triggerKinds = soundTriggerKinds();
  d.farthestPlacement = [](const std::string& from) { return std::string(from == "end" ? "start" : "end"); };
  d.placementToken = [](const ExperimentSpec& spec, Placement p) {
    // The onset frame's time at the clip's own rate (spec.sound.features.rate
    // is a default the sound experiment overrides with it).
    char text[32];
    std::snprintf(text, sizeof text, "@%.6f", double(p.y) * spec.sound.features.hop / spec.sound.rate);
    return std::string(text);
  };
  d.specSections = {soundSection(), patchTriggerSection()};  // a painted trigger is a patch of the features
  d.checkPlacement = checkSoundPlacement;
  d.validateSettings = validateSoundSettings;
  d.readRecord = [](const std::string& checkpoint) -> TrainingRecord { return loadCheckpoint(checkpoint).info; };
  d.open = openSoundExperiment;
  return d;
}

}  // namespace gaplab
