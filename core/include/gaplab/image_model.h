// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gaplab/architecture.h"
#include "gaplab/image_set.h"

namespace gaplab {

struct ModelConfig {
  Architecture architecture = Architecture::Lecture;
  Head head = Head::Gap;
  ImageShape input{1, 28, 28};
  int classes = 10;
};

struct FeatureMaps {
  int channels = 0;
  int height = 0;
  int width = 0;
  std::vector<float> values;  // CHW
};

struct Heatmap {
  int height = 0;
  int width = 0;
  std::vector<float> values;  // row-major
};

// An image classifier. Move-only; not safe to use from two threads at once.
class ImageModel {
public:
  struct Impl;

  // Initial weights drawn from the model's own random stream seeded by `seed`
  // (same seed, same weights, whatever other threads do).
  ImageModel(const ModelConfig& config, std::uint64_t seed);
  // For loading a checkpoint: weights to be overwritten, no random draws.
  explicit ImageModel(std::unique_ptr<Impl> impl);
  ~ImageModel();
  ImageModel(ImageModel&&) noexcept;
  ImageModel& operator=(ImageModel&&) noexcept;

  const ModelConfig& config() const;
  std::int64_t parameterCount() const;

  // Predicted class per image, evaluated in small batches (large ones are
  // about 2x slower on CPU).
  std::vector<int> predict(const ImageSet& images) const;
  std::vector<float> probabilities(const std::vector<float>& chw) const;
  std::vector<float> logits(const std::vector<float>& chw) const;

  // The maps the head sees (after the last feature stage).
  FeatureMaps lastFeatureMaps(const std::vector<float>& chw) const;
  // GAP head only: the dense weights of `cls` over the feature channels, and its bias.
  std::vector<float> headWeights(int cls) const;
  float headBias(int cls) const;
  // CAM (Zhou et al. 2016) for GAP heads, Grad-CAM (Selvaraju et al. 2017)
  // for FC heads, at the resolution of the last feature maps.
  Heatmap classActivationMap(const std::vector<float>& chw, int cls) const;

  // Equal for tensor-for-tensor identical weights and statistics.
  std::uint64_t weightsFingerprint() const;

  Impl& impl();
  const Impl& impl() const;

private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace gaplab
