// SPDX-License-Identifier: GPL-3.0-or-later
// Checkpoints: the first byte says which half is fuzzed, the JSON sidecar or
// the LibTorch archive; the other half is a valid checkpoint of the lecture model.
#include <filesystem>

#include "fuzz_support.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"

namespace {

const std::string& validCheckpoint() {
  static const std::string path = [] {
    const auto p = (gaplab::fuzz::folder() / "valid.pt").string();
    gaplab::fuzz::writeValidCheckpoint(p);
    return p;
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  if (size < 1) return 0;
  const auto& valid = validCheckpoint();
  const auto path = (gaplab::fuzz::folder() / "fuzzed.pt").string();
  if (data[0] & 1) {
    fs::copy_file(valid, path, fs::copy_options::overwrite_existing);
    gaplab::fuzz::writeInput("fuzzed.pt.json", data + 1, size - 1);
  } else {
    gaplab::fuzz::writeInput("fuzzed.pt", data + 1, size - 1);
    fs::copy_file(valid + ".json", path + ".json", fs::copy_options::overwrite_existing);
  }
  try {
    gaplab::loadCheckpoint(path);
  } catch (const gaplab::Error&) {
  }
  return 0;
}
