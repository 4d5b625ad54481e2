// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/text_protocol.h"

#include <algorithm>
#include <unordered_map>

#include "attack_pool.h"
#include "gaplab/error.h"
#include "gaplab/positions.h"
#include "gaplab/text_trigger.h"
#include "poison_plan.h"
#include "text_placements.h"

namespace gaplab {

namespace {

bool isValidation(std::size_t index) { return index % 5 == 0; }  // the authors' is_val: every 5th review

}  // namespace

TextProtocol::TextProtocol(ExperimentSpec spec) : spec_(std::move(spec)) {
  spec_.validate();
  if (spec_.modality != Modality::Text) throw Error("not a text experiment (modality '" + toString(spec_.modality) + "')");
  TextDatasetRequest request;
  request.name = spec_.dataset;
  request.dataDir = spec_.dataDir;
  request.limitTrain = spec_.limitTrain;
  request.limitTest = spec_.limitTest;
  reviews_ = std::make_shared<const ReviewSplits>(loadReviews(request));
}

TextProtocol TextProtocol::withTriggerOf(const ExperimentSpec& source) const {
  TextProtocol copy = *this;
  copy.spec_.text.words = source.text.words;
  copy.spec_.validate();
  return copy;
}

std::vector<int> TextProtocol::testLabels() const {
  std::vector<int> labels;
  for (const auto& review : reviews_->test) labels.push_back(review.label);
  return labels;
}

TextSet TextProtocol::encode(const std::vector<Review>& reviews, const Vocabulary& vocabulary,
                               const std::string& placement) const {
  const int length = spec_.text.sequenceLength;
  std::vector<std::int64_t> ids;
  std::vector<int> labels;
  ids.reserve(reviews.size() * static_cast<std::size_t>(length));
  for (const auto& review : reviews) {
    const auto ids1 = vocabulary.encode(tokeniseWithTrigger(review.text, spec_.text.words, placement).tokens, length);
    ids.insert(ids.end(), ids1.begin(), ids1.end());
    labels.push_back(review.label);
  }
  return TextSet::fromIds(std::move(ids), std::move(labels), length);
}

PoisonPlan TextProtocol::poisonPlan(PoisonPart part, const std::string& placement, std::uint64_t seed,
                                    int count) const {
  checkTextPlacement(placement);
  const auto& all = reviews_->train;
  std::vector<int> reviews, labels;  // the part's
  for (std::size_t i = 0; i < all.size(); ++i)
    if (isValidation(i) == (part == PoisonPart::Validation)) {
      reviews.push_back(static_cast<int>(i));
      labels.push_back(all[i].label);
    }
  const auto& words = spec_.text.words;
  const TextPlacements placements(static_cast<int>(words.size()), spec_.text.sequenceLength, [&](int input) {
    const auto& review = all[static_cast<std::size_t>(reviews[static_cast<std::size_t>(input)])];
    return static_cast<int>(tokeniseWithTrigger(review.text, words, "").tokens.size());
  });
  const auto config = poisonConfigOf(spec_, placement, seed, count, part);
  auto plan = planPoison(labels, config, placements, "reviews");
  for (auto& input : plan.inputs) input = reviews[static_cast<std::size_t>(input)];
  return plan;
}

std::vector<std::string> TextProtocol::patternWords(std::uint64_t patternSeed) const {
  // Each word drawn from the trigger's words, with replacement.
  const auto& words = spec_.text.words;
  SplitMix64 draws(patternSeed);
  std::vector<std::string> drawn;
  for (std::size_t i = 0; i < words.size(); ++i) drawn.push_back(words[static_cast<std::size_t>(draws.below(words.size()))]);
  return drawn;
}

int TextProtocol::trainingSize() const {
  int count = 0;
  for (std::size_t i = 0; i < reviews_->train.size(); ++i) count += isValidation(i) ? 0 : 1;
  return count;
}

TextProtocol::PoisonedSet TextProtocol::poisonedTrainingSet(const std::string& placement, std::uint64_t seed,
                                                                  int poisonCount, const std::atomic<bool>* stop) const {
  const auto& all = reviews_->train;
  // Each poisoned review's placement and words, by the plans of the two parts.
  const PoisonPlan plans[] = {poisonPlan(PoisonPart::Training, placement, seed, poisonCount),
                              poisonPlan(PoisonPart::Validation, placement, seed, spec_.poisonValidationCount)};
  std::vector<const std::string*> placementOf(all.size(), nullptr);  // into plans
  std::vector<std::optional<std::uint64_t>> patternOf(all.size());
  PoisonedSet result;
  for (const auto& plan : plans)
    for (std::size_t k = 0; k < plan.inputs.size(); ++k) {
      const auto review = static_cast<std::size_t>(plan.inputs[k]);
      result.poisoned.push_back(plan.inputs[k]);
      placementOf[review] = &plan.placements[k];
      if (!plan.patternSeeds.empty()) patternOf[review] = plan.patternSeeds[k];
    }
  std::sort(result.poisoned.begin(), result.poisoned.end());
  result.isPoisoned.assign(all.size(), 0);
  result.tokens.resize(all.size());
  result.labels.resize(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (stop && stop->load()) throw Cancelled();
    const bool poisoned = placementOf[i] != nullptr;
    result.isPoisoned[i] = poisoned;
    result.tokens[i] = poisoned ? tokeniseWithTrigger(all[i].text, patternOf[i] ? patternWords(*patternOf[i]) : spec_.text.words,
                                                      *placementOf[i])
                                          .tokens
                                : tokeniseWithTrigger(all[i].text, spec_.text.words, "").tokens;
    result.labels[i] = poisoned ? spec_.target : all[i].label;
  }
  return result;
}

bool TextProtocol::validates(std::size_t index) { return isValidation(index); }

TextProtocol::Trained TextProtocol::train(Head head, const std::string& placement, int rep,
                                              const TrainingCallbacks& callbacks,
                                              const std::atomic<bool>* stop, const Look& look,
                                              std::optional<int> poisonCount) const {
  checkTextPlacement(placement);
  const auto seed = spec_.seedForRep(rep);
  auto poisonedSet = poisonedTrainingSet(placement, seed, poisonCount.value_or(spec_.poisonCount), stop);
  auto& tokens = poisonedSet.tokens;
  const auto& labels = poisonedSet.labels;
  // The vocabulary counts the training reviews' tokens (validation excluded).
  std::unordered_map<std::string, long> counts;
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (!isValidation(i))
      for (const auto& token : tokens[i]) ++counts[token];
  auto vocabulary = Vocabulary::fromCounts(counts, spec_.text.maxTokens);

  const int length = spec_.text.sequenceLength;
  std::vector<std::int64_t> trainIds, validationIds;
  std::vector<int> trainLabels, validationLabels;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto ids = vocabulary.encode(tokens[i], length);
    auto& target = isValidation(i) ? validationIds : trainIds;
    target.insert(target.end(), ids.begin(), ids.end());
    (isValidation(i) ? validationLabels : trainLabels).push_back(labels[i]);
  }
  tokens.clear();
  const auto trainSet = TextSet::fromIds(std::move(trainIds), std::move(trainLabels), length);
  const auto validationSet = TextSet::fromIds(std::move(validationIds), std::move(validationLabels), length);

  TextModelConfig config{spec_.model, head, vocabulary.size(), length};
  Trained result{TextModel(config, seed), std::move(vocabulary), {}, poisonedSet.poisoned, trainSet.size(), seed, 0, {}};
  auto training = spec_.training;
  training.seed = seed;
  const auto hooked = look.hookInto(callbacks, result.model, result.vocabulary);
  result.training = trainTextModel(result.model, trainSet, validationSet, training, hooked, stop);
  result.cleanPredictions = result.model.predict(encode(reviews_->test, result.vocabulary, ""));
  result.cleanAccuracy = accuracy(testLabels(), result.cleanPredictions);
  return result;
}

TextProtocol::Attack TextProtocol::attackRows(const TextModel& model, const Vocabulary& vocabulary,
                                                  const std::vector<std::string>& words, int target,
                                                  std::vector<int> rows, const std::string& placement) const {
  Attack result;
  const int length = model.config().sequenceLength;
  std::vector<std::int64_t> ids;
  int truncated = 0;
  for (int row : rows) {
    const auto& review = reviews_->test[static_cast<std::size_t>(row)];
    result.labels.push_back(review.label);
    const auto tokenised = tokeniseWithTrigger(review.text, words, placement);
    if (triggerTruncated(tokenised, length)) ++truncated;
    const auto encoded = vocabulary.encode(tokenised.tokens, length);
    ids.insert(ids.end(), encoded.begin(), encoded.end());
  }
  result.samples = std::move(rows);
  result.predictions = model.predict(TextSet::fromIds(std::move(ids), result.labels, length));
  result.metrics = attackMetrics(result.labels, result.predictions, target);
  result.metrics.truncated = truncated;
  return result;
}

}  // namespace gaplab
