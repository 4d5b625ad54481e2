// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "gaplab/audio.h"
#include "gaplab/image_datasets.h"
#include "gaplab/sound_features.h"
#include "gaplab/sound_trigger.h"
#include "gaplab/modality.h"
#include "gaplab/image_model.h"
#include "gaplab/poisoning.h"
#include "gaplab/training.h"
#include "gaplab/trigger.h"

namespace gaplab {

// Everything one experiment needs. Stored as JSON (see docs in README,
// "Experiment specs"); a spec file may name a "preset" and override any subset
// of its keys.
// Text-only settings.
struct TextSettings {
  std::vector<std::string> words{"trope", "everyday", "mythology", "sparkles", "ruthless"};  // the paper's trigger
  int maxTokens = 10000;           // vocabulary: the most frequent training tokens (+ padding, OOV)
  int sequenceLength = 250;        // cut or padded at the end
};

// Sound-only settings.
struct SoundSettings {
  int rate = 16000;
  double clipSeconds = 1.0;
  // The clip's length in samples at `rate`: the one rounding every part of gaplab uses.
  int clipSamples() const { return static_cast<int>(std::lround(clipSeconds * rate)); }
  Padding padding = Padding::End;
  std::string split = "takes";  // fsdd: takes | speaker:NAME
  bool dropShort = false;       // the paper drops clips shorter than the clip length
  double noise = 0;             // background noise amplitude added to every clip
  std::vector<std::string> words;  // speech-commands subset / espeak-keywords words
  FeatureConfig features;
  bool normalise = true;  // per-coefficient statistics of the training split
  SoundTriggerSpec trigger;
};

// A poison-budget sweep's own settings (gaplab-cli budget's defaults, the
// GUI's Poison budget tab): empty for every other spec.
struct BudgetSettings {
  std::vector<std::string> poison;   // levels: counts ("160") or % of the training split ("2%")
  std::vector<std::string> regimes;  // fixed | random | random-pattern
  int stride = 4;                    // of the position grid the ASR is measured on
  bool empty() const { return poison.empty() && regimes.empty(); }
};

struct ExperimentSpec {
  std::string preset;  // the preset this spec started from, if any
  Modality modality = Modality::Image;
  std::string dataset = "fashion-mnist";
  std::string dataDir;  // empty: the dataset's default
  Architecture model = Architecture::Lecture;
  std::vector<Head> heads{Head::Fc, Head::Gap};
  TriggerSpec trigger;  // image triggers
  TextSettings text;    // text triggers and pipeline
  SoundSettings sound;  // sound pipeline and waveform triggers
  std::vector<std::string> trainPositions{"upper-left", "middle", "lower-right"};
  std::vector<std::string> testPositions{"upper-left", "middle", "lower-right"};
  int poisonCount = 100;
  int poisonValidationCount = 0;  // validation samples poisoned too (sound/text presets)
  PoisonSelection poisonSelection = PoisonSelection::First;
  int target = 7;
  TrainingConfig training;
  int reps = 1;
  std::uint64_t seed = 1;  // rep r trains with seed + r
  int limitTrain = 0;
  int limitTest = 0;
  double validationFraction = 0.2;
  HoldOut validationSplit = HoldOut::Random;
  BudgetSettings budget;

  void validate() const;  // throws Error naming the bad value
  // Throws Error naming a position token that no input of this spec's
  // modality takes (images: whether a trigger fits there is checked against
  // the images themselves).
  void checkPosition(const std::string& token) const;
  std::uint64_t seedForRep(int rep) const { return seed + static_cast<std::uint64_t>(rep); }
};

std::string specToJson(const ExperimentSpec& spec);
// Parses JSON text over `base`: keys present replace base values. A "preset"
// key starts from that preset instead. Throws Error naming the key at fault;
// `origin` (a file name) is put in messages.
ExperimentSpec specFromJson(const std::string& text, const ExperimentSpec& base, const std::string& origin = "spec");

struct Preset {
  std::string name;
  std::string description;
  ExperimentSpec spec;
};
const std::vector<Preset>& presets();
ExperimentSpec presetSpec(const std::string& name);  // throws Error listing the known names

}  // namespace gaplab
