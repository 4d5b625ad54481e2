// SPDX-License-Identifier: GPL-3.0-or-later
// Sound in the modality registry.

#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/sound_data.h"
#include "gaplab/sound_trigger.h"
#include "modalities.h"
#include "modality_descriptor.h"
#include "sound_placements.h"
#include "spec_fields.h"

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
  return fieldSection<SoundSettings>(
      "sound", &ExperimentSpec::sound,
      {specField("rate", &SoundSettings::rate),
       specField("clip_seconds", &SoundSettings::clipSeconds),
       namedField("padding", &SoundSettings::padding, toString, paddingFromString),
       specField("split", &SoundSettings::split),
       specField("drop_short", &SoundSettings::dropShort),
       specField("noise", &SoundSettings::noise),
       specField("words", &SoundSettings::words),
       objectField<SoundSettings, FeatureConfig>("features", &SoundSettings::features,
                                                 {specField("kind", &FeatureConfig::kind),
                                                  specField("n_fft", &FeatureConfig::nFft),
                                                  specField("hop", &FeatureConfig::hop),
                                                  specField("n_mels", &FeatureConfig::nMels),
                                                  specField("n_mfcc", &FeatureConfig::nMfcc)}),
       specField("normalise", &SoundSettings::normalise),
       objectField<SoundSettings, SoundTriggerSpec>("trigger", &SoundSettings::trigger,
                                                    {specField("kind", &SoundTriggerSpec::kind),
                                                     specField("frequency", &SoundTriggerSpec::frequency),
                                                     specField("amplitude_db", &SoundTriggerSpec::amplitudeDb),
                                                     specField("duration", &SoundTriggerSpec::duration),
                                                     specField("wav", &SoundTriggerSpec::wavPath),
                                                     specField("seed", &SoundTriggerSpec::seed),
                                                     specField("bin", &SoundTriggerSpec::bin)})});
}

}  // namespace

ModalityDescriptor soundDescriptor() {
  ModalityDescriptor d;
  d.modality = Modality::Sound;
  d.name = "sound";
  // Sound features are images: the image CNNs serve sound too.
  d.architectures = {Architecture::Lecture,  Architecture::AdvDetection, Architecture::TrojaningAttacks,
                     Architecture::Strip,    Architecture::Resnet20,     Architecture::PreactResnet18,
                     Architecture::Vgg11Bn};
  d.datasets = soundDatasetNames();
  d.namedPlacements = namedSoundPlacements();
  d.placementSyntax = "start, middle, end, split, @seconds, or random";
  d.triggerKinds = soundTriggerKinds();
  d.farthestPlacement = [](const std::string& from) { return std::string(from == "end" ? "start" : "end"); };
  d.placementToken = soundPlacementToken;
  d.specSections = {soundSection(), patchTriggerSection()};  // a painted trigger is a patch of the features
  d.checkPlacement = checkSoundPlacement;
  d.validateSettings = validateSoundSettings;
  d.readRecord = [](const std::string& checkpoint) -> TrainingRecord { return loadCheckpoint(checkpoint).info; };
  d.open = openSoundExperiment;
  return d;
}

}  // namespace gaplab
