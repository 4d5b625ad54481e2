// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: whole-file reads for the dataset readers.
#include <cstdint>
#include <string>
#include <vector>

namespace gaplab {

// Reads a file that may be gzip-compressed (detected by its magic bytes) and
// returns the decompressed bytes. Memory grows only with data actually read,
// so a huge declared size in a header cannot trigger a huge allocation.
std::vector<std::uint8_t> readPossiblyGzipped(const std::string& path);

std::uint32_t readBigEndian32(const std::vector<std::uint8_t>& bytes, std::size_t offset);

}  // namespace gaplab
