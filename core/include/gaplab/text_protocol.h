// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gaplab/experiment_spec.h"
#include "gaplab/metrics.h"
#include "gaplab/poisoning.h"
#include "gaplab/text_data.h"
#include "gaplab/text_model.h"
#include "gaplab/text_pipeline.h"

namespace gaplab {

// The paper's text protocol on loaded reviews: every 5th training review
// validates; the first N non-target training reviews (and M validation
// reviews) get the trigger and the target label; the vocabulary is built
// from the poisoned training text, as Keras' TextVectorization.adapt does.
class TextProtocol {
public:
  explicit TextProtocol(ExperimentSpec spec);  // loads the reviews; throws Error
  // The same reviews with `source`'s trigger words (a checkpoint's, which
  // the defences attack even when this experiment's words have changed since).
  TextProtocol withTriggerOf(const ExperimentSpec& source) const;

  struct Trained {
    TextModel model;
    Vocabulary vocabulary;
    TrainingResult training;
    std::vector<int> poisonedIndices;  // into the training list
    int trainingSize = 0;              // reviews trained on (validation excluded)
    std::uint64_t seed = 0;
    double cleanAccuracy = 0;
    std::vector<int> cleanPredictions;  // per test review
  };
  // `look`, if given, sees the model (and its vocabulary) while it trains
  // (the lecture view's probe). `placement` may be "random" or
  // "random-pattern" (a random insertion index, and resampled trigger words,
  // per poisoned review); `poisonCount`, if given, replaces the spec's count.
  using Look = ModelLook<TextModel, Vocabulary>;
  Trained train(Head head, const std::string& placement, int rep, const TrainingCallbacks& callbacks = {},
                const std::atomic<bool>* stop = nullptr, const Look& look = {},
                std::optional<int> poisonCount = std::nullopt) const;
  // Every training review (validation included) tokenised as a training at
  // `placement` with `seed` poisons `poisonCount` of them: what train()
  // trains on, and what the training-set defences filter.
  struct PoisonedSet {
    std::vector<std::vector<std::string>> tokens;
    std::vector<int> labels;       // poisoned reviews carry the target
    std::vector<char> isPoisoned;  // per review
    std::vector<int> poisoned;     // indices, ascending
  };
  PoisonedSet poisonedTrainingSet(const std::string& placement, std::uint64_t seed, int poisonCount,
                                    const std::atomic<bool>* stop = nullptr) const;
  // Whether training review `index` validates (every 5th, as the authors' is_val).
  static bool validates(std::size_t index);
  // Which reviews of `part` a training at `placement` with `seed` poisons
  // (indices into reviews().train), and where ("random": an index at which
  // the whole trigger lands in both the review and the model's sequence).
  PoisonPlan poisonPlan(PoisonPart part, const std::string& placement, std::uint64_t seed, int count) const;
  // A random-pattern review's trigger: each word drawn from the spec's, with replacement.
  std::vector<std::string> patternWords(std::uint64_t patternSeed) const;

  using Attack = AttackResult;  // metrics.truncated: reviews whose trigger truncation cut off
  // Test reviews `rows` with `words` inserted at `placement`, through the
  // model, scored against `target` (a session's own trigger and target).
  Attack attackRows(const TextModel& model, const Vocabulary& vocabulary, const std::vector<std::string>& words,
                    int target, std::vector<int> rows, const std::string& placement) const;

  const ExperimentSpec& spec() const { return spec_; }
  const ReviewSplits& reviews() const { return *reviews_; }
  // Training reviews trained on: every 5th validates (what poisoning percentages refer to).
  int trainingSize() const;
  std::vector<int> testLabels() const;
  TextSet encode(const std::vector<Review>& reviews, const Vocabulary& vocabulary, const std::string& placement) const;

private:
  ExperimentSpec spec_;
  std::shared_ptr<const ReviewSplits> reviews_;  // shared by copies (withTriggerOf)
};

}  // namespace gaplab
