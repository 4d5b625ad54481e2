// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/modality.h"

#include <algorithm>

#include "gaplab/error.h"
#include "gaplab/image_datasets.h"
#include "gaplab/positions.h"
#include "gaplab/sound_data.h"
#include "gaplab/sound_trigger.h"
#include "gaplab/text_data.h"
#include "gaplab/text_trigger.h"
#include "gaplab/trigger.h"

namespace gaplab {

std::string toString(Modality modality) {
  switch (modality) {
    case Modality::Image: return "image";
    case Modality::Sound: return "sound";
    case Modality::Text: return "text";
  }
  return "image";
}

const std::vector<Modality>& allModalities() {
  static const std::vector<Modality> all{Modality::Image, Modality::Sound, Modality::Text};
  return all;
}

Modality modalityFromString(const std::string& text) {
  for (const auto modality : allModalities())
    if (toString(modality) == text) return modality;
  throw Error("unknown modality '" + text + "' (known: image, sound, text)");
}

std::vector<Architecture> architecturesFor(Modality modality) {
  if (modality == Modality::Text) return {Architecture::TfTutorial, Architecture::KimCnn, Architecture::Conv1d};
  // Sound features are images: the image and sound CNNs serve both.
  const std::vector<Architecture> cnns{Architecture::Lecture, Architecture::Strip, Architecture::AdvDetection,
                                       Architecture::TrojaningAttacks};
  if (modality == Modality::Image) return cnns;
  return {Architecture::Lecture, Architecture::AdvDetection, Architecture::TrojaningAttacks, Architecture::Strip};
}

std::vector<std::string> datasetsFor(Modality modality) {
  switch (modality) {
    case Modality::Image: return imageDatasetNames();
    case Modality::Sound: return soundDatasetNames();
    case Modality::Text: return textDatasetNames();
  }
  return {};
}

std::vector<std::string> namedPlacementsFor(Modality modality) {
  switch (modality) {
    case Modality::Image: {
      auto names = namedPositions();
      names.insert(names.end(), {kRandomPosition, kRandomPatternPosition});
      return names;
    }
    case Modality::Sound: {
      auto names = namedSoundPlacements();
      names.insert(names.end(), {kRandomPosition, kRandomPatternPosition});
      return names;
    }
    case Modality::Text: {
      auto names = namedTextPlacements();
      names.insert(names.end(), {kRandomPosition, kRandomPatternPosition});
      return names;
    }
  }
  return {};
}

std::string farthestPlacement(Modality modality, const std::string& from) {
  if (modality != Modality::Image) return from == "end" ? "start" : "end";
  // The nine named positions on a 3 x 3 grid: the corner opposite `from`.
  const auto& names = namedPositions();
  const auto it = std::find(names.begin(), names.end(), from);
  if (it == names.end()) return from == "lower-right" ? "upper-left" : "lower-right";
  const int index = static_cast<int>(it - names.begin());
  const int row = index / 3, column = index % 3;
  return names[static_cast<std::size_t>((row < 1 ? 2 : 0) * 3 + (column < 1 ? 2 : 0))];
}

std::vector<std::string> triggerKindsFor(Modality modality) {
  switch (modality) {
    case Modality::Image: return triggerPatternNames();
    case Modality::Sound: return soundTriggerKinds();
    case Modality::Text: return {};
  }
  return {};
}

}  // namespace gaplab
