#pragma once
// Shared by the fuzz targets: inputs become files in a private folder, and
// gaplab::Error is the one expected way for a parser to refuse an input.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

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

}  // namespace gaplab::fuzz
