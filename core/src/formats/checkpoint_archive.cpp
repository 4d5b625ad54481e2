// SPDX-License-Identifier: GPL-3.0-or-later
#include "checkpoint_archive.h"
#include "json_number.h"

#include <torch/version.h>
#include <zlib.h>

#include <sstream>

#include "gaplab/atomic_file.h"
#include "gaplab/error.h"
#include "gaplab/version.h"

namespace gaplab {

using nlohmann::json;

namespace {

constexpr int kFormatVersion = 1;
constexpr const char* kFormatName = "gaplab-checkpoint";

// Archive keys must be plain identifiers: "trunk.0.weight" -> "trunk__0__weight".
std::string archiveKey(const std::string& name) {
  std::string key;
  for (char c : name) key += c == '.' ? std::string("__") : std::string(1, c);
  return key;
}

std::uint32_t crc32Of(const std::string& bytes) {
  return static_cast<std::uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

}  // namespace

json recordToJson(const TrainingRecord& r) {
  return {{"spec", json::parse(specToJson(r.spec))}, {"train_position", r.trainPosition}, {"rep", r.rep},
          {"seed", r.seed}, {"epochs", r.epochs}, {"clean_acc", r.cleanAccuracy},
          {"asr_train_position", r.asrAtTrainPosition}};
}

void recordFromJson(const json& body, const std::string& path, TrainingRecord& r) {
  r.spec = specFromJson(body.at("spec").dump(), ExperimentSpec{}, path + ".json (spec)");
  r.trainPosition = body.at("train_position").get<std::string>();
  r.rep = numberAt<int>(body, "rep");
  r.seed = numberAt<std::uint64_t>(body, "seed");
  r.epochs = numberAt<int>(body, "epochs");
  r.cleanAccuracy = numberAt<double>(body, "clean_acc");
  r.asrAtTrainPosition = numberAt<double>(body, "asr_train_position");
}

void writeCheckpointFiles(ClassifierImpl& net, json body, const std::string& modality, const std::string& path) {
  torch::serialize::OutputArchive archive;
  for (const auto& item : net.named_parameters()) archive.write(archiveKey(item.key()), item.value().detach());
  for (const auto& item : net.named_buffers()) archive.write(archiveKey(item.key()), item.value(), true);
  std::ostringstream bytes;
  archive.save_to(bytes);
  body["format"] = kFormatName;
  body["format_version"] = kFormatVersion;
  body["modality"] = modality;
  body["gaplab_version"] = kVersion;
  body["torch_version"] = TORCH_VERSION;
  // The two files are replaced one after the other; the checksum lets a
  // reader tell a damaged archive, or one from another save, from a good one.
  const std::string archiveBytes = bytes.str();
  body["archive_crc32"] = crc32Of(archiveBytes);
  writeFileAtomically(path, archiveBytes);
  writeFileAtomically(path + ".json", body.dump(2));
}

json readSidecar(const std::string& path) {
  const auto sidecarPath = path + ".json";
  json j;
  try {
    j = json::parse(readWholeFile(sidecarPath));
  } catch (const json::exception& e) {
    throw Error(sidecarPath + ": not valid JSON (" + e.what() + ")");
  }
  return readSidecarField(path, [&] {
    if (!j.is_object() || j.value("format", "") != kFormatName) throw Error("not a gaplab checkpoint sidecar");
    if (const int version = numberAt<int>(j, "format_version"); version != kFormatVersion)
      throw Error("format version " + std::to_string(version) + " is not supported (this gaplab reads " +
                  std::to_string(kFormatVersion) + ")");
    if (!j.contains("modality")) j["modality"] = "image";
    return j;
  });
}

void loadTensors(ClassifierImpl& net, const std::string& path) {
  const json sidecar = readSidecar(path);
  const std::string bytes = readWholeFile(path);
  if (sidecar.contains("archive_crc32") && sidecar["archive_crc32"] != crc32Of(bytes))
    throw Error(path + ": its contents do not match the checksum in " + path +
                ".json (the file is damaged, or the two files come from different saves)");
  torch::serialize::InputArchive archive;
  try {
    std::istringstream in(bytes);
    archive.load_from(in);
  } catch (const std::exception&) {  // c10::Error, and the pickle reader's std::runtime_error
    throw Error(path + ": not a readable LibTorch archive");
  }
  torch::NoGradGuard noGrad;
  auto restore = [&](const std::string& name, torch::Tensor& target, bool isBuffer) {
    torch::Tensor stored;
    bool found = false;
    try {
      found = archive.try_read(archiveKey(name), stored, isBuffer);
    } catch (const std::exception&) {
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
  for (auto& item : net.named_parameters()) restore(item.key(), item.value(), false);
  for (auto& item : net.named_buffers()) restore(item.key(), item.value(), true);
  net.eval();
}

}  // namespace gaplab
