// SPDX-License-Identifier: GPL-3.0-or-later
// Checkpoints of the convolutional networks (images, sound features): the
// model's tensors plus a sidecar with the spec, the model config and, where
// the trigger is a patch of the input, that exact patch.
#include "gaplab/checkpoint.h"

#include "checkpoint_archive.h"
#include "json_number.h"
#include "gaplab/error.h"
#include "image_model_impl.h"

namespace gaplab {

using nlohmann::json;

namespace {

json triggerToJson(const Trigger& t) {
  return {{"channels", t.channels}, {"height", t.height}, {"width", t.width}, {"pattern", t.pattern},
          {"mask", t.mask}, {"blend", toString(t.blend)}, {"alpha", t.alpha}, {"clip", t.clip}};
}

Trigger triggerFromJson(const json& j) {
  Trigger t;
  t.channels = numberAt<int>(j, "channels");
  t.height = numberAt<int>(j, "height");
  t.width = numberAt<int>(j, "width");
  t.pattern = numbersAt<float>(j, "pattern");
  t.mask = numbersAt<float>(j, "mask");
  t.blend = blendModeFromString(j.at("blend").get<std::string>());
  t.alpha = numberAt<float>(j, "alpha");
  t.clip = j.at("clip").get<bool>();
  t.validate();
  return t;
}

json modelToJson(const ModelConfig& m) {
  return {{"architecture", toString(m.architecture)}, {"head", toString(m.head)},
          {"input", {m.input.channels, m.input.height, m.input.width}}, {"classes", m.classes}};
}

ModelConfig modelFromJson(const json& j) {
  ModelConfig m;
  m.architecture = architectureFromString(j.at("architecture").get<std::string>());
  m.head = headFromString(j.at("head").get<std::string>());
  const auto input = numbersAt<int>(j, "input");
  if (input.size() != 3) throw Error("model input must be [channels, height, width]");
  m.input = {input[0], input[1], input[2]};
  m.classes = numberAt<int>(j, "classes");
  if (m.input.channels <= 0 || m.input.height <= 0 || m.input.width <= 0 || m.classes < 2)
    throw Error("implausible model config");
  return m;
}

}  // namespace

std::string checkpointModality(const std::string& path) { return readSidecar(path).at("modality").get<std::string>(); }

void saveCheckpoint(const ImageModel& model, const CheckpointInfo& info, const std::string& path) {
  auto body = recordToJson(info);
  body["model"] = modelToJson(model.config());
  body["trigger"] = info.trigger ? triggerToJson(*info.trigger) : json(nullptr);
  writeCheckpointFiles(*const_cast<ImageModel&>(model).impl().net, body, toString(info.spec.modality), path);
}

LoadedCheckpoint loadCheckpoint(const std::string& path) {
  const auto j = readSidecar(path);
  auto info = readSidecarField(path, [&] {
    // A token model's sidecar holds its vocabulary; this format holds a trigger (or null) instead.
    if (j.contains("vocabulary") || !j.contains("trigger"))
      throw Error("not a convolutional network's checkpoint (a token model's?)");
    CheckpointInfo info;
    recordFromJson(j, path, info);
    info.model = modelFromJson(j.at("model"));
    if (!j.at("trigger").is_null()) info.trigger = triggerFromJson(j.at("trigger"));
    return info;
  });
  ImageModel model(std::make_unique<ImageModel::Impl>(ImageModel::Impl{info.model, ImageNet(info.model, std::nullopt)}));
  loadTensors(*model.impl().net, path);
  return {std::move(model), std::move(info)};
}

}  // namespace gaplab
