// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: what every checkpoint shares, whatever the modality: the tensors
// of a ClassifierImpl in a LibTorch archive under flat names, and a JSON
// sidecar with a format header.
#include <nlohmann/json.hpp>

#include <string>

#include "classifier.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"

namespace gaplab {

// Writes FILE (tensors) and FILE.json (header + `body`) atomically.
void writeCheckpointFiles(ClassifierImpl& net, nlohmann::json body, const std::string& modality,
                          const std::string& path);
// The TrainingRecord's keys of a sidecar body.
nlohmann::json recordToJson(const TrainingRecord& record);
void recordFromJson(const nlohmann::json& body, const std::string& path, TrainingRecord& record);
// Reads and checks FILE.json's header; throws Error naming the file.
nlohmann::json readSidecar(const std::string& path);
// Loads FILE's tensors into `net`, checking every name and shape.
void loadTensors(ClassifierImpl& net, const std::string& path);
// Runs `read` on the sidecar body, turning JSON and gaplab errors into one Error naming the sidecar.
template <typename Read>
auto readSidecarField(const std::string& path, Read read) {
  const auto sidecar = path + ".json";
  try {
    return read();
  } catch (const nlohmann::json::exception& e) {
    throw Error(sidecar + ": " + e.what());
  } catch (const Error& e) {
    const std::string what = e.what();
    throw Error(what.rfind(sidecar, 0) == 0 ? what : sidecar + ": " + what);
  }
}

}  // namespace gaplab
