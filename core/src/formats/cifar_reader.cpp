// SPDX-License-Identifier: GPL-3.0-or-later
// CIFAR-10 binary batches: records of 1 label byte + 32x32 R, G, B planes.
#include "byte_source.h"
#include "gaplab/error.h"
#include "gaplab/image_datasets.h"

namespace gaplab {

namespace {
constexpr int kSide = 32;
constexpr std::size_t kPixels = 3 * kSide * kSide;
constexpr std::size_t kRecord = 1 + kPixels;
const std::vector<std::string> kCifarClasses{"airplane", "automobile", "bird", "cat", "deer",
                                             "dog", "frog", "horse", "ship", "truck"};
}  // namespace

ImageSet readCifar10Batches(const std::vector<std::string>& batchPaths) {
  if (batchPaths.empty()) throw Error("CIFAR-10: no batch files given");
  std::vector<float> pixels;
  std::vector<int> labels;
  for (const auto& path : batchPaths) {
    const auto bytes = readPossiblyGzipped(path);
    if (bytes.empty()) throw Error(path + ": empty file, expected CIFAR-10 records of " + std::to_string(kRecord) + " bytes");
    if (bytes.size() % kRecord != 0)
      throw Error(path + ": truncated: " + std::to_string(bytes.size()) + " bytes is not a whole number of " +
                  std::to_string(kRecord) + "-byte CIFAR-10 records");
    const std::size_t records = bytes.size() / kRecord;
    for (std::size_t r = 0; r < records; ++r) {
      const auto* record = bytes.data() + r * kRecord;
      if (record[0] >= kCifarClasses.size())
        throw Error(path + ": record " + std::to_string(r) + " has label " + std::to_string(record[0]) +
                    ", CIFAR-10 labels are 0-9");
      labels.push_back(record[0]);
      for (std::size_t i = 0; i < kPixels; ++i) pixels.push_back(record[1 + i] / 255.0f);
    }
  }
  return ImageSet::fromBuffer({3, kSide, kSide}, std::move(pixels), std::move(labels), kCifarClasses);
}

}  // namespace gaplab
