// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "gaplab/image_model.h"
#include "gaplab/text_pipeline.h"
#include "gaplab/training.h"

namespace gaplab {

struct TextModelConfig {
  Architecture architecture = Architecture::TfTutorial;
  Head head = Head::Gap;
  int vocabularySize = 10002;  // number of token ids, padding and OOV included
  int sequenceLength = 250;
};

// A binary text classifier scored by one logit (> 0: positive). Move-only.
class TextModel {
public:
  struct Impl;

  // Initial weights drawn from the model's own random stream seeded by `seed`
  // (same seed, same weights, whatever other threads do).
  TextModel(const TextModelConfig& config, std::uint64_t seed);
  // For loading a checkpoint: weights to be overwritten, no random draws.
  explicit TextModel(std::unique_ptr<Impl> impl);
  ~TextModel();
  TextModel(TextModel&&) noexcept;
  TextModel& operator=(TextModel&&) noexcept;

  const TextModelConfig& config() const;
  std::vector<int> predict(const TextSet& texts) const;
  float logit(const std::vector<std::int64_t>& ids) const;
  float outputBias() const;  // the final dense layer's bias
  // Each token's share of the logit. GAP heads: the CAM analogue (exact
  // contributions where the head after pooling is linear: tf_tutorial, and
  // kim_cnn through its max-over-time windows; gradient-weighted pooled
  // features for conv1d). FC heads: gradient x input on the embeddings.
  std::vector<float> relevance(const std::vector<std::int64_t>& ids) const;

  // Equal for tensor-for-tensor identical weights and statistics.
  std::uint64_t weightsFingerprint() const;

  Impl& impl();
  const Impl& impl() const;

private:
  std::unique_ptr<Impl> impl_;
};

TrainingResult trainTextModel(TextModel& model, const TextSet& train, const TextSet& validation,
                              const TrainingConfig& config, const TrainingCallbacks& callbacks = {},
                              const std::atomic<bool>* stop = nullptr);

}  // namespace gaplab
