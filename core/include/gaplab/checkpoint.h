// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "gaplab/experiment_spec.h"
#include "gaplab/image_model.h"
#include "gaplab/text_model.h"
#include "gaplab/text_pipeline.h"
#include "gaplab/training.h"
#include "gaplab/trigger.h"

namespace gaplab {

// How a checkpointed model was made; every checkpoint's JSON sidecar
// (FILE.json beside FILE) records it.
struct TrainingRecord {
  ExperimentSpec spec;
  std::string trainPosition;
  int rep = 0;
  std::uint64_t seed = 0;
  int epochs = 0;
  double cleanAccuracy = 0;
  double asrAtTrainPosition = 0;
};

struct CheckpointInfo : TrainingRecord {
  ModelConfig model;
  // The exact patch poisoned with, where the trigger is one (images); other
  // triggers are rebuilt from the spec, which the record holds.
  std::optional<Trigger> trigger;
};

// Image and sound models. Writes FILE (LibTorch archive) and FILE.json atomically.
void saveCheckpoint(const ImageModel& model, const CheckpointInfo& info, const std::string& path);

struct LoadedCheckpoint {
  ImageModel model;
  CheckpointInfo info;
};
// Validates the sidecar, the model config and every tensor shape; throws Error naming the file.
LoadedCheckpoint loadCheckpoint(const std::string& path);

// "image", "sound" or "text", from FILE.json.
std::string checkpointModality(const std::string& path);

struct TextCheckpointInfo : TrainingRecord {
  TextModelConfig model;
  Vocabulary vocabulary;  // saved so that a reloaded model tokenises identically
};
void saveTextCheckpoint(const TextModel& model, const TextCheckpointInfo& info, const std::string& path);

struct LoadedTextCheckpoint {
  TextModel model;
  TextCheckpointInfo info;
};
LoadedTextCheckpoint loadTextCheckpoint(const std::string& path);

}  // namespace gaplab
