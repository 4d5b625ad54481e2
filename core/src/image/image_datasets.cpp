// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/image_datasets.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

#include "gaplab/error.h"
#include "rng.h"

namespace gaplab {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kFashionClasses{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                               "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
const std::vector<std::string> kDigitClasses{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

// IDX files are found with or without the .gz suffix.
std::string findIdxFile(const std::string& dir, const std::string& stem, const std::string& dataset) {
  for (const auto& candidate : {stem + ".gz", stem}) {
    const auto path = fs::path(dir) / candidate;
    if (fs::exists(path)) return path.string();
  }
  throw Error(dataset + ": " + (fs::path(dir) / (stem + "[.gz]")).string() + " not found" +
              (dataset == "fashion-mnist" ? " (install the Debian package dataset-fashion-mnist or pass --data-dir)"
                                          : " (pass --data-dir)"));
}

std::string findCifarDir(const std::string& dir) {
  for (const auto& candidate : {fs::path(dir), fs::path(dir) / "cifar-10-batches-bin"})
    if (fs::exists(candidate / "test_batch.bin")) return candidate.string();
  throw Error("cifar10: no test_batch.bin in " + dir + " or " + (fs::path(dir) / "cifar-10-batches-bin").string());
}

struct TrainTest {
  ImageSet train;
  ImageSet test;
};

TrainTest loadTrainTest(const std::string& name, const std::string& dir) {
  if (name == "fashion-mnist" || name == "mnist") {
    const auto& classes = name == "mnist" ? kDigitClasses : kFashionClasses;
    // Looked up one by one, so the first missing file named is the same with every compiler.
    const auto trainImages = findIdxFile(dir, "train-images-idx3-ubyte", name);
    const auto trainLabels = findIdxFile(dir, "train-labels-idx1-ubyte", name);
    const auto testImages = findIdxFile(dir, "t10k-images-idx3-ubyte", name);
    const auto testLabels = findIdxFile(dir, "t10k-labels-idx1-ubyte", name);
    return {readIdxImages(trainImages, trainLabels, classes), readIdxImages(testImages, testLabels, classes)};
  }
  if (name == "cifar10") {
    const auto base = findCifarDir(dir);
    std::vector<std::string> trainFiles;
    for (int i = 1; i <= 5; ++i) {
      const auto path = fs::path(base) / ("data_batch_" + std::to_string(i) + ".bin");
      if (fs::exists(path)) trainFiles.push_back(path.string());
    }
    if (trainFiles.empty()) throw Error("cifar10: no data_batch_N.bin in " + base);
    return {readCifar10Batches(trainFiles), readCifar10Batches({(fs::path(base) / "test_batch.bin").string()})};
  }
  throw Error("unknown image dataset '" + name + "' (known: fashion-mnist, mnist, cifar10)");
}

}  // namespace

std::vector<std::string> imageDatasetNames() { return {"fashion-mnist", "mnist", "cifar10"}; }

std::string defaultImageDataDir(const std::string& name) {
  return name == "fashion-mnist" ? "/usr/share/datasets/fashion-mnist" : "";
}

std::string toString(HoldOut holdOut) { return holdOut == HoldOut::Tail ? "tail" : "random"; }

HoldOut holdOutFromString(const std::string& text) {
  if (text == "random") return HoldOut::Random;
  if (text == "tail") return HoldOut::Tail;
  throw Error("unknown validation split '" + text + "' (known: random, tail)");
}

std::pair<ImageSet, ImageSet> splitHoldOut(const ImageSet& set, double fraction, std::uint64_t seed,
                                           HoldOut holdOut) {
  if (!(fraction >= 0.0 && fraction < 1.0))
    throw Error("validation fraction must be in [0, 1), got " + std::to_string(fraction));
  std::vector<int> order(set.size());
  std::iota(order.begin(), order.end(), 0);
  const auto held = static_cast<std::size_t>(std::lround(fraction * set.size()));
  if (holdOut == HoldOut::Random) {
    SplitMix64 rng(seed);
    shuffleInPlace(order, rng);
  } else {
    std::rotate(order.begin(), order.end() - static_cast<std::ptrdiff_t>(held), order.end());
  }
  std::vector<int> heldOut(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(held));
  std::vector<int> rest(order.begin() + static_cast<std::ptrdiff_t>(held), order.end());
  // Keep the original order inside each part so "the first N" still means the
  // first N of the file, as in the paper.
  std::sort(heldOut.begin(), heldOut.end());
  std::sort(rest.begin(), rest.end());
  return {set.select(rest), set.select(heldOut)};
}

ImageSplits loadImageDataset(const ImageDatasetRequest& request) {
  if (request.limitTrain < 0) throw Error("limit-train must be >= 0, got " + std::to_string(request.limitTrain));
  if (request.limitTest < 0) throw Error("limit-test must be >= 0, got " + std::to_string(request.limitTest));
  const auto dir = request.dataDir.empty() ? defaultImageDataDir(request.name) : request.dataDir;
  if (dir.empty()) throw Error(request.name + ": needs a data directory (--data-dir)");
  auto [train, test] = loadTrainTest(request.name, dir);
  if (request.limitTrain > 0) train = train.first(request.limitTrain);
  if (request.limitTest > 0) test = test.first(request.limitTest);
  auto [rest, validation] = splitHoldOut(train, request.validationFraction, request.splitSeed, request.holdOut);
  if (rest.size() == 0) throw Error(request.name + ": no training images left after the validation split");
  if (test.size() == 0) throw Error(request.name + ": the test set is empty");
  return {rest, validation, test};
}

}  // namespace gaplab
