// SPDX-License-Identifier: GPL-3.0-or-later
// gaplab session files (the GUI's .gaplab).
#include <QByteArray>

#include <stdexcept>

#include "session_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto session = gaplab::app::sessionFromJson(
        QByteArray(reinterpret_cast<const char*>(data), static_cast<int>(size)), "fuzz.gaplab");
    // A session that reads must write and read back to the same text.
    const QByteArray json = gaplab::app::sessionToJson(session);
    if (gaplab::app::sessionToJson(gaplab::app::sessionFromJson(json, "again")) != json) __builtin_trap();
  } catch (const std::runtime_error&) {
  }
  return 0;
}
