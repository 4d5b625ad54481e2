// Checkpoints: a LibTorch archive of every parameter and buffer under flat
// names, plus a JSON sidecar that says what the model is and how it was made.
#include "gaplab/checkpoint.h"

#include <torch/version.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "gaplab/atomic_file.h"
#include "gaplab/error.h"
#include "gaplab/version.h"
#include "model_impl.h"

namespace gaplab {

using nlohmann::json;

namespace {

constexpr int kFormatVersion = 1;
constexpr const char* kFormatName = "gaplab-checkpoint";

// Archive keys must be plain identifiers: "trunk.0.weight" -> "trunk__0__weight".
std::string archiveKey(std::string name) {
  std::string key;
  for (char c : name) key += c == '.' ? std::string("__") : std::string(1, c);
  return key;
}

json triggerToJson(const Trigger& t) {
  return {{"channels", t.channels}, {"height", t.height}, {"width", t.width}, {"pattern", t.pattern},
          {"mask", t.mask}, {"blend", toString(t.blend)}, {"alpha", t.alpha}, {"clip", t.clip}};
}

Trigger triggerFromJson(const json& j) {
  Trigger t;
  t.channels = j.at("channels").get<int>();
  t.height = j.at("height").get<int>();
  t.width = j.at("width").get<int>();
  t.pattern = j.at("pattern").get<std::vector<float>>();
  t.mask = j.at("mask").get<std::vector<float>>();
  t.blend = blendModeFromString(j.at("blend").get<std::string>());
  t.alpha = j.at("alpha").get<float>();
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
  const auto input = j.at("input").get<std::vector<int>>();
  if (input.size() != 3) throw Error("model input must be [channels, height, width]");
  m.input = {input[0], input[1], input[2]};
  m.classes = j.at("classes").get<int>();
  if (m.input.channels <= 0 || m.input.height <= 0 || m.input.width <= 0 || m.classes < 2)
    throw Error("implausible model config");
  return m;
}

CheckpointInfo infoFromSidecar(const std::string& sidecarPath) {
  json j;
  try {
    j = json::parse(readWholeFile(sidecarPath));
  } catch (const json::parse_error& e) {
    throw Error(sidecarPath + ": not valid JSON (" + e.what() + ")");
  }
  try {
    if (j.at("format").get<std::string>() != kFormatName) throw Error("not a gaplab checkpoint sidecar");
    if (const int version = j.at("format_version").get<int>(); version != kFormatVersion)
      throw Error("format version " + std::to_string(version) + " is not supported (this gaplab reads " +
                  std::to_string(kFormatVersion) + ")");
    CheckpointInfo info;
    info.spec = specFromJson(j.at("spec").dump(), ExperimentSpec{}, sidecarPath + " (spec)");
    info.model = modelFromJson(j.at("model"));
    info.trigger = triggerFromJson(j.at("trigger"));
    info.trainPosition = j.at("train_position").get<std::string>();
    info.rep = j.at("rep").get<int>();
    info.seed = j.at("seed").get<std::uint64_t>();
    info.epochs = j.at("epochs").get<int>();
    info.cleanAccuracy = j.at("clean_acc").get<double>();
    info.asrAtTrainPosition = j.at("asr_train_position").get<double>();
    return info;
  } catch (const json::exception& e) {
    throw Error(sidecarPath + ": " + e.what());
  } catch (const Error& e) {
    const std::string what = e.what();
    throw Error(what.rfind(sidecarPath, 0) == 0 ? what : sidecarPath + ": " + what);
  }
}

}  // namespace

void saveCheckpoint(const ImageModel& model, const CheckpointInfo& info, const std::string& path) {
  auto& net = const_cast<ImageModel&>(model).impl().net;
  torch::serialize::OutputArchive archive;
  for (const auto& item : net->named_parameters()) archive.write(archiveKey(item.key()), item.value().detach());
  for (const auto& item : net->named_buffers()) archive.write(archiveKey(item.key()), item.value(), true);
  std::ostringstream bytes;
  archive.save_to(bytes);

  const json sidecar = {{"format", kFormatName},
                        {"format_version", kFormatVersion},
                        {"gaplab_version", kVersion},
                        {"torch_version", TORCH_VERSION},
                        {"model", modelToJson(model.config())},
                        {"spec", json::parse(specToJson(info.spec))},
                        {"trigger", triggerToJson(info.trigger)},
                        {"train_position", info.trainPosition},
                        {"rep", info.rep},
                        {"seed", info.seed},
                        {"epochs", info.epochs},
                        {"clean_acc", info.cleanAccuracy},
                        {"asr_train_position", info.asrAtTrainPosition}};
  writeFileAtomically(path, bytes.str());
  writeFileAtomically(path + ".json", sidecar.dump(2));
}

LoadedCheckpoint loadCheckpoint(const std::string& path) {
  auto info = infoFromSidecar(path + ".json");
  ImageModel model(info.model, 0);
  auto& net = model.impl().net;
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path);
  } catch (const c10::Error&) {
    throw Error(path + ": not a readable LibTorch archive");
  }
  torch::NoGradGuard noGrad;
  auto restore = [&](const std::string& name, torch::Tensor& target, bool isBuffer) {
    torch::Tensor stored;
    bool found = false;
    try {
      found = archive.try_read(archiveKey(name), stored, isBuffer);
    } catch (const c10::Error&) {
      found = false;
    }
    if (!found) throw Error(path + ": tensor '" + name + "' is missing (a checkpoint of another model?)");
    if (stored.sizes() != target.sizes()) {
      std::ostringstream message;
      message << path << ": tensor '" << name << "' has shape " << stored.sizes() << ", the model expects "
              << target.sizes();
      throw Error(message.str());
    }
    target.copy_(stored);
  };
  for (auto& item : net->named_parameters()) restore(item.key(), item.value(), false);
  for (auto& item : net->named_buffers()) restore(item.key(), item.value(), true);
  net->eval();
  return {std::move(model), std::move(info)};
}

}  // namespace gaplab
