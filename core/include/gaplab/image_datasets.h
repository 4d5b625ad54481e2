// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gaplab/image_set.h"

namespace gaplab {

// Raw readers: throw Error naming the file for bad magic, truncation, counts.
// IDX files may be gzip-compressed or raw.
ImageSet readIdxImages(const std::string& imagesPath, const std::string& labelsPath,
                       std::vector<std::string> classNames);
// CIFAR-10 binary batches: records of 1 label byte + 3072 pixel bytes (RGB planes).
ImageSet readCifar10Batches(const std::vector<std::string>& batchPaths);

// How the validation part is chosen: a seeded random subset, or the last
// images of the file (Keras' validation_split, which the authors used).
enum class HoldOut { Random, Tail };
std::string toString(HoldOut holdOut);
HoldOut holdOutFromString(const std::string& text);

struct ImageSplits {
  ImageSet train;
  ImageSet validation;
  ImageSet test;
};

struct ImageDatasetRequest {
  std::string name = "fashion-mnist";  // fashion-mnist | mnist | cifar10
  std::string dataDir;                 // empty: the dataset's default directory
  double validationFraction = 0.2;
  HoldOut holdOut = HoldOut::Random;
  std::uint64_t splitSeed = 0;
  int limitTrain = 0;  // 0: all; else the first N training images (before the validation split)
  int limitTest = 0;   // 0: all; else the first N test images
};

std::vector<std::string> imageDatasetNames();
std::string defaultImageDataDir(const std::string& name);  // "" when the dataset has none
ImageSplits loadImageDataset(const ImageDatasetRequest& request);

// Returns {rest, held-out}, held-out = round(fraction * size) images chosen by
// `holdOut` (seeded for Random). Both parts keep the file's order.
std::pair<ImageSet, ImageSet> splitHoldOut(const ImageSet& set, double fraction, std::uint64_t seed,
                                           HoldOut holdOut = HoldOut::Random);

}  // namespace gaplab
