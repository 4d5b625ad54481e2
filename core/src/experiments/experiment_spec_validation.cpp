// SPDX-License-Identifier: GPL-3.0-or-later
// What a spec may hold: ExperimentSpec::validate and checkPosition (the
// JSON form is experiment_spec.cpp's).
#include <algorithm>

#include "gaplab/budget.h"
#include "gaplab/error.h"
#include "gaplab/experiment_spec.h"
#include "gaplab/image_datasets.h"
#include "gaplab/modality.h"
#include "gaplab/positions.h"
#include "gaplab/sound_data.h"
#include "gaplab/sound_trigger.h"
#include "gaplab/text_data.h"
#include "gaplab/text_trigger.h"
#include "joined.h"

namespace gaplab {

namespace {

void validateText(const ExperimentSpec& s) {
  if (s.text.words.empty()) throw Error("the text trigger has no words");
  if (s.text.maxTokens < 1) throw Error("max_tokens must be >= 1, got " + std::to_string(s.text.maxTokens));
  if (s.text.sequenceLength < 5)
    throw Error("sequence_length must be >= 5, got " + std::to_string(s.text.sequenceLength));
  if (s.target != 0 && s.target != 1) throw Error("target class " + std::to_string(s.target) + " does not exist (classes 0-1)");
}

void validateSound(const ExperimentSpec& s) {
  const auto& sound = s.sound;
  if (sound.rate < 1000 || sound.rate > 192000) throw Error("sample rate must be 1000-192000 Hz, got " + std::to_string(sound.rate));
  if (!(sound.clipSeconds > 0 && sound.clipSeconds <= 60))
    throw Error("clip length must be in (0, 60] s, got " + std::to_string(sound.clipSeconds));
  if (!(sound.noise >= 0)) throw Error("noise must be >= 0");
  sound.features.validate();
  // Building the trigger checks its kind, frequency and length against the clip.
  SoundTrigger(sound.trigger, sound.rate, sound.clipSamples());
}

}  // namespace

void ExperimentSpec::checkPosition(const std::string& token) const {
  if (modality == Modality::Text) return checkTextPlacement(token);
  if (modality == Modality::Sound) return checkSoundPlacement(token);
  if (isRandomPlacement(token)) return;
  constexpr int kLargest = 1 << 20;  // any input: only the token's form is checked here
  resolvePosition(token, kLargest, kLargest, {1, 1});
}

void ExperimentSpec::validate() const {
  const bool text = modality == Modality::Text, sound = modality == Modality::Sound;
  const auto names = datasetsFor(modality);
  if (std::find(names.begin(), names.end(), dataset) == names.end())
    throw Error("unknown " + toString(modality) + " dataset '" + dataset + "' (known: " + joined(names) + ")");
  const auto models = architecturesFor(modality);
  if (std::find(models.begin(), models.end(), model) == models.end())
    throw Error("model '" + toString(model) + "' is not a" + (text ? " text" : "n image or sound") + " model");
  if (text) validateText(*this);
  if (sound) validateSound(*this);
  for (const auto& list : {trainPositions, testPositions})
    for (const auto& position : list) checkPosition(position);
  if (heads.empty()) throw Error("no heads given (use fc, gap or both)");
  if (trainPositions.empty()) throw Error("no training positions given");
  if (testPositions.empty()) throw Error("no test positions given");
  for (const auto& token : testPositions)
    if (isRandomPlacement(token)) throw Error("'" + token + "' is a training placement, not a test position");
  if (poisonCount < 0) throw Error("poison count must be >= 0, got " + std::to_string(poisonCount));
  if (poisonValidationCount < 0)
    throw Error("validation poison count must be >= 0, got " + std::to_string(poisonValidationCount));
  if (target < 0) throw Error("target class must be >= 0, got " + std::to_string(target));
  if (reps < 1) throw Error("reps must be >= 1, got " + std::to_string(reps));
  if (limitTrain < 0) throw Error("limit-train must be >= 0, got " + std::to_string(limitTrain));
  if (limitTest < 0) throw Error("limit-test must be >= 0, got " + std::to_string(limitTest));
  if (!(validationFraction >= 0 && validationFraction < 1))
    throw Error("validation fraction must be in [0, 1), got " + std::to_string(validationFraction));
  if (trigger.width <= 0 || trigger.height <= 0)
    throw Error("trigger size must be positive, got " + std::to_string(trigger.width) + "x" +
                std::to_string(trigger.height));
  training.validate();
  for (const auto& level : budget.poison) parsePoisonLevel(level);
  for (const auto& regime : budget.regimes) poisonRegimeFromString(regime);
  if (budget.stride < 1) throw Error("budget stride must be >= 1, got " + std::to_string(budget.stride));
}

}  // namespace gaplab
