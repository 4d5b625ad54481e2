// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/text_protocol.h"

#include <algorithm>
#include <unordered_map>

#include "attack_pool.h"
#include "gaplab/error.h"
#include "gaplab/positions.h"
#include "gaplab/text_trigger.h"
#include "poison_selection.h"
#include "rng.h"

namespace gaplab {

namespace {

bool isValidation(std::size_t index) { return index % 5 == 0; }  // the authors' is_val: every 5th review

// Which reviews of the training split get the trigger: `count` of its
// training part and the spec's validation count of its validation part,
// each chosen by the spec's selection from its own stream of the rep's seed.
std::vector<int> choosePoisoned(const std::vector<Review>& train, const ExperimentSpec& spec, int count,
                                std::uint64_t seed) {
  struct Part {
    std::vector<int> indices, labels;
  } training, validation;
  for (std::size_t i = 0; i < train.size(); ++i) {
    auto& part = isValidation(i) ? validation : training;
    part.indices.push_back(static_cast<int>(i));
    part.labels.push_back(train[i].label);
  }
  std::vector<int> chosen;
  const auto take = [&](const Part& part, int n, PoisonPart which) {
    auto streams = poisonStreams(seed, which);
    for (const int k : choosePoisoned(part.labels, n, spec.poisonSelection, spec.target, streams.choice,
                                      partInputs(which, "reviews")))
      chosen.push_back(part.indices[static_cast<std::size_t>(k)]);
  };
  take(training, count, PoisonPart::Training);
  take(validation, spec.poisonValidationCount, PoisonPart::Validation);
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

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

std::vector<std::string> TextProtocol::randomlyPoisoned(const std::string& review, const std::string& placement,
                                                          SplitMix64& random) const {
  // Every insertion index at which the whole trigger fits the model's
  // sequence (the position map's range), uniformly.
  const auto& words = spec_.text.words;
  const int clean = static_cast<int>(tokeniseWithTrigger(review, words, "").tokens.size());
  const int last = std::max(0, std::min(clean, spec_.text.sequenceLength - static_cast<int>(words.size())));
  const int at = static_cast<int>(random.below(static_cast<std::uint64_t>(last + 1)));
  auto chosen = words;
  if (placement == kRandomPatternPosition)  // each word drawn from the trigger's words, with replacement
    for (auto& word : chosen) word = words[static_cast<std::size_t>(random.below(words.size()))];
  return tokeniseWithTrigger(review, chosen, "@" + std::to_string(at)).tokens;
}

int TextProtocol::trainingSize() const {
  int count = 0;
  for (std::size_t i = 0; i < reviews_->train.size(); ++i) count += isValidation(i) ? 0 : 1;
  return count;
}

TextProtocol::PoisonedSet TextProtocol::poisonedTrainingSet(const std::string& placement, std::uint64_t seed,
                                                                  int poisonCount, const std::atomic<bool>* stop) const {
  checkTextPlacement(placement);
  const auto& all = reviews_->train;
  PoisonedSet result;
  result.poisoned = choosePoisoned(all, spec_, poisonCount, seed);
  result.isPoisoned.assign(all.size(), 0);
  for (int index : result.poisoned) result.isPoisoned[static_cast<std::size_t>(index)] = 1;
  // Random placements (and patterns), in review order, from each part's own stream.
  auto trainingPlacements = poisonStreams(seed, PoisonPart::Training).placement;
  auto validationPlacements = poisonStreams(seed, PoisonPart::Validation).placement;
  result.tokens.resize(all.size());
  result.labels.resize(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (stop && stop->load()) throw Cancelled();
    const bool poisoned = result.isPoisoned[i];
    result.tokens[i] = poisoned && isRandomPlacement(placement)
                           ? randomlyPoisoned(all[i].text, placement,
                                              isValidation(i) ? validationPlacements : trainingPlacements)
                           : tokeniseWithTrigger(all[i].text, spec_.text.words, poisoned ? placement : "").tokens;
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
