// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the test suites: temporary files and exception checks.
#include <QTemporaryDir>
#include <QTest>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "gaplab/error.h"

namespace gaplab::test {

inline void writeBytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

inline void appendBigEndian32(std::vector<std::uint8_t>& bytes, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<std::uint8_t>(value >> shift));
}

// Runs f, expects a gaplab::Error whose message contains every fragment.
template <typename F>
bool throwsErrorContaining(F&& f, const std::vector<std::string>& fragments, std::string* message = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    const std::string what = e.what();
    if (message) *message = what;
    for (const auto& fragment : fragments)
      if (what.find(fragment) == std::string::npos) {
        qWarning("error message '%s' lacks '%s'", what.c_str(), fragment.c_str());
        return false;
      }
    return true;
  }
  qWarning("no gaplab::Error was thrown");
  return false;
}

inline std::string pathIn(const QTemporaryDir& dir, const char* name) {
  return dir.filePath(QString::fromUtf8(name)).toStdString();
}

}  // namespace gaplab::test
