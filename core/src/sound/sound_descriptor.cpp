// SPDX-License-Identifier: GPL-3.0-or-later
// Sound in the modality registry.
#include <cstdio>

#include "gaplab/sound_data.h"
#include "gaplab/sound_trigger.h"
#include "modalities.h"
#include "modality_descriptor.h"

namespace gaplab {

ModalityDescriptor soundDescriptor() {
  ModalityDescriptor d;
  d.modality = Modality::Sound;
  d.name = "sound";
  // Sound features are images: the image CNNs serve sound too.
  d.architectures = {Architecture::Lecture, Architecture::AdvDetection, Architecture::TrojaningAttacks,
                     Architecture::Strip};
  d.datasets = soundDatasetNames();
  d.namedPlacements = namedSoundPlacements();
  d.triggerKinds = soundTriggerKinds();
  d.farthestPlacement = [](const std::string& from) { return std::string(from == "end" ? "start" : "end"); };
  d.placementToken = [](const ExperimentSpec& spec, Placement p) {
    // The onset frame's time at the clip's own rate (spec.sound.features.rate
    // is a default the sound experiment overrides with it).
    char text[32];
    std::snprintf(text, sizeof text, "@%.6f", double(p.y) * spec.sound.features.hop / spec.sound.rate);
    return std::string(text);
  };
  d.open = openSoundExperiment;
  return d;
}

}  // namespace gaplab
