// SPDX-License-Identifier: GPL-3.0-or-later
#include "lab.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gaplab/atomic_file.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/version.h"

namespace gaplab::app {

namespace {

// FNV-1a: a stable hash (std::hash may differ between library versions).
std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 1469598103934665603ull;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

// What decides a trained model: everything but the evaluation settings.
ExperimentSpec trainingSpec(ExperimentSpec spec, Head head) {
  spec.heads = {head};
  spec.trainPositions = {spec.trainPositions.empty() ? std::string() : spec.trainPositions.front()};
  spec.testPositions.clear();
  spec.reps = 1;
  spec.training.threads = 0;
  spec.preset.clear();
  return spec;
}

std::string historyPath(const std::string& checkpoint) { return checkpoint + ".history.json"; }

void saveHistory(const std::vector<EpochReport>& history, const std::string& checkpoint) {
  nlohmann::json epochs = nlohmann::json::array();
  for (const auto& e : history)
    epochs.push_back({{"epoch", e.epoch}, {"lr", e.lr}, {"train_loss", e.trainLoss}, {"train_acc", e.trainAccuracy},
                      {"val_loss", e.validationLoss}, {"val_acc", e.validationAccuracy}});
  writeFileAtomically(historyPath(checkpoint), epochs.dump(1));
}

std::vector<EpochReport> loadHistory(const std::string& checkpoint) {
  std::ifstream in(historyPath(checkpoint));
  if (!in) return {};
  std::vector<EpochReport> history;
  try {
    for (const auto& e : nlohmann::json::parse(in)) {
      EpochReport r;
      r.epoch = e.at("epoch").get<int>();
      r.lr = e.at("lr").get<double>();
      r.trainLoss = e.at("train_loss").get<double>();
      r.trainAccuracy = e.at("train_acc").get<double>();
      r.validationLoss = e.at("val_loss").get<double>();
      r.validationAccuracy = e.at("val_acc").get<double>();
      history.push_back(r);
    }
  } catch (const nlohmann::json::exception&) {
    return {};  // the curves are a nicety; the model itself was validated
  }
  return history;
}

}  // namespace

std::shared_ptr<Lab> Lab::open(const ExperimentSpec& spec, const LoadProgress& progress) {
  // The app sets LibTorch's thread count once, at start; a worker never does
  // (it is process-wide, and other jobs run meanwhile).
  auto appSpec = spec;
  appSpec.training.threads = 0;
  return std::make_shared<Lab>(Experiment::open(appSpec, progress));
}

LabModelInfo labModelInfo(const TrainingRecord& record, std::vector<EpochReport> history) {
  LabModelInfo info;
  info.cleanAccuracy = record.cleanAccuracy;
  info.asrAtTrainPosition = record.asrAtTrainPosition;
  info.epochs = record.epochs;
  info.history = std::move(history);
  return info;
}

std::string Lab::cachePath(Head head, const std::string& cacheDir) const {
  const std::string key = std::string("gaplab model cache 1\n") + kVersion + "\nnumerics " +
                          std::to_string(kTrainingNumericsVersion) + "\n" + specToJson(trainingSpec(spec(), head));
  char name[32];
  std::snprintf(name, sizeof name, "%016llx.pt", static_cast<unsigned long long>(fnv1a(key)));
  return (std::filesystem::path(cacheDir) / "models" / name).string();
}

LabModelInfo Lab::train(Head head, const std::string& cacheDir, const TrainingCallbacks& callbacks,
                        const std::atomic<bool>* stop, const TrainingProbe* probe) const {
  const std::string path = cachePath(head, cacheDir);
  if (std::filesystem::exists(path)) {
    try {
      LabModelInfo info = labModelInfo(readTrainingRecord(path), {});
      info.head = head;
      info.checkpoint = path;
      info.fromCache = true;
      info.history = loadHistory(path);
      return info;
    } catch (const Error&) {
      // A damaged cache entry: train again and replace it.
    }
  }
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);
  const auto trained =
      trainAndSave(*experiment_, head, spec().trainPositions.front(), 0, path, callbacks, stop, probe);
  LabModelInfo info = labModelInfo(trained.record, trained.training.history);
  info.head = head;
  info.checkpoint = path;
  saveHistory(info.history, path);
  return info;
}

}  // namespace gaplab::app
