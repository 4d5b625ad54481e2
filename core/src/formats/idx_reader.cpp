// SPDX-License-Identifier: GPL-3.0-or-later
// IDX files (MNIST, Fashion-MNIST): a big-endian header, then unsigned bytes.
#include <zlib.h>

#include <cstdio>
#include <memory>

#include "byte_source.h"
#include "gaplab/error.h"
#include "gaplab/image_datasets.h"

namespace gaplab {

std::vector<std::uint8_t> readPossiblyGzipped(const std::string& path) {
  // gzread passes non-gzip files through unchanged, so one path serves both.
  std::unique_ptr<gzFile_s, decltype(&gzclose)> file(gzopen(path.c_str(), "rb"), &gzclose);
  if (!file) throw Error(path + ": cannot open");
  std::vector<std::uint8_t> bytes;
  std::vector<std::uint8_t> chunk(1 << 20);
  for (;;) {
    const int n = gzread(file.get(), chunk.data(), static_cast<unsigned>(chunk.size()));
    if (n < 0) {
      int code = 0;
      const char* message = gzerror(file.get(), &code);
      throw Error(path + ": cannot read (" + (message ? message : "unknown error") + ")");
    }
    if (n == 0) break;
    bytes.insert(bytes.end(), chunk.begin(), chunk.begin() + n);
  }
  return bytes;
}

std::uint32_t readBigEndian32(const std::vector<std::uint8_t>& b, std::size_t o) {
  return (std::uint32_t(b[o]) << 24) | (std::uint32_t(b[o + 1]) << 16) | (std::uint32_t(b[o + 2]) << 8) |
         std::uint32_t(b[o + 3]);
}

namespace {

constexpr std::uint32_t kImagesMagic = 0x00000803;  // unsigned byte, 3 dimensions
constexpr std::uint32_t kLabelsMagic = 0x00000801;  // unsigned byte, 1 dimension

std::string hex(std::uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

void requireBytes(const std::string& path, const std::vector<std::uint8_t>& bytes, std::size_t needed,
                  const std::string& what) {
  if (bytes.size() < needed)
    throw Error(path + ": truncated: " + what + " needs " + std::to_string(needed) + " bytes, file has " +
                std::to_string(bytes.size()));
}

}  // namespace

ImageSet readIdxImages(const std::string& imagesPath, const std::string& labelsPath,
                       std::vector<std::string> classNames) {
  const auto images = readPossiblyGzipped(imagesPath);
  requireBytes(imagesPath, images, 16, "the IDX image header");
  if (const auto magic = readBigEndian32(images, 0); magic != kImagesMagic)
    throw Error(imagesPath + ": bad magic " + hex(magic) + ", expected " + hex(kImagesMagic) + " (IDX images)");
  const std::size_t count = readBigEndian32(images, 4);
  const std::size_t rows = readBigEndian32(images, 8);
  const std::size_t cols = readBigEndian32(images, 12);
  if (rows == 0 || cols == 0 || rows > 4096 || cols > 4096)
    throw Error(imagesPath + ": implausible image size " + std::to_string(rows) + "x" + std::to_string(cols));
  requireBytes(imagesPath, images, 16 + count * rows * cols,
               std::to_string(count) + " images of " + std::to_string(rows) + "x" + std::to_string(cols));

  const auto labels = readPossiblyGzipped(labelsPath);
  requireBytes(labelsPath, labels, 8, "the IDX label header");
  if (const auto magic = readBigEndian32(labels, 0); magic != kLabelsMagic)
    throw Error(labelsPath + ": bad magic " + hex(magic) + ", expected " + hex(kLabelsMagic) + " (IDX labels)");
  const std::size_t labelCount = readBigEndian32(labels, 4);
  if (labelCount != count)
    throw Error(labelsPath + ": count mismatch: " + std::to_string(labelCount) + " labels for " +
                std::to_string(count) + " images in " + imagesPath);
  requireBytes(labelsPath, labels, 8 + count, std::to_string(count) + " labels");

  std::vector<int> labelValues(count);
  for (std::size_t i = 0; i < count; ++i) {
    labelValues[i] = labels[8 + i];
    if (!classNames.empty() && labelValues[i] >= static_cast<int>(classNames.size()))
      throw Error(labelsPath + ": label " + std::to_string(labelValues[i]) + " at index " + std::to_string(i) +
                  " is not one of the " + std::to_string(classNames.size()) + " classes");
  }
  std::vector<float> pixels(count * rows * cols);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = images[16 + i] / 255.0f;
  return ImageSet::fromBuffer({1, static_cast<int>(rows), static_cast<int>(cols)}, std::move(pixels),
                              std::move(labelValues), std::move(classNames));
}

}  // namespace gaplab
