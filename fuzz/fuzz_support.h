// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the fuzz targets: inputs become files in a private folder, and
// gaplab::Error is the one expected way for a parser to refuse an input.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "gaplab/checkpoint.h"

namespace gaplab::fuzz {

inline const std::filesystem::path& folder() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("gaplab-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

inline std::string writeInput(const std::string& name, const std::uint8_t* data, std::size_t size) {
  const auto path = (folder() / name).string();
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                 static_cast<std::streamsize>(size));
  return path;
}

// A valid checkpoint of an untrained lecture model (FILE and FILE.json).
inline void writeValidCheckpoint(const std::string& path) {
  ModelConfig config;
  config.architecture = Architecture::Lecture;
  CheckpointInfo info;
  info.spec = presetSpec("lecture-image");
  info.model = config;
  info.trigger = makeTrigger(info.spec.trigger, 1);
  saveCheckpoint(ImageModel(config, 1), info, path);
}

}  // namespace gaplab::fuzz
