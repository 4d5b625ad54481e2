// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>

namespace gaplab {

// Writes `content` to a temporary file beside `path`, flushes it to disk and
// renames it over `path`: readers see the old file or the new one, never a mix.
void writeFileAtomically(const std::string& path, const std::string& content);
std::string readWholeFile(const std::string& path);  // throws Error naming the file

}  // namespace gaplab
