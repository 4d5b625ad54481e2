// SPDX-License-Identifier: GPL-3.0-or-later
// The modality interface for text: IMDB reviews, the trigger words inserted
// before a token, and per-token relevance in place of a CAM.
#include <cmath>

#include "attack_pool.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/evaluation.h"
#include "gaplab/text_protocol.h"
#include "gaplab/text_trigger.h"
#include "defence_subject.h"
#include "modalities.h"
#include "text_placements.h"

namespace gaplab {

namespace {


class TextSession : public ModelSession {
public:
  TextSession(std::shared_ptr<const TextProtocol> protocol, std::shared_ptr<const TextModel> model,
              Vocabulary vocabulary, const ExperimentSpec& current)
      : protocol_(std::move(protocol)), model_(std::move(model)), vocabulary_(std::move(vocabulary)),
        words_(current.text.words), target_(current.target), labels_(protocol_->testLabels()),
        pool_(attackOrder(labels_, current.target)) {}

  int poolSize() const override { return static_cast<int>(pool_.size()); }

  AttackMetrics attack(int start, int count, Placement placement) override {
    return attackRows(slice(pool_, start, count), placementToken(protocol_->spec(), placement)).metrics;
  }

  AttackResult attackAt(const std::string& placement, int limit) override {
    checkTextPlacement(placement);
    return attackRows(nonTargetRows(labels_, target_, limit), placement);
  }

  double cleanAccuracy(int limit) override {
    const auto rows = firstRows(static_cast<int>(labels_.size()), limit);
    const std::vector<Review> reviews(protocol_->reviews().test.begin(),
                                      protocol_->reviews().test.begin() + static_cast<std::ptrdiff_t>(rows.size()));
    return accuracy(labelsAt(labels_, rows), model_->predict(protocol_->encode(reviews, vocabulary_, "")));
  }

  Inspection inspect(int sampleIndex, const Placement* placement) override {
    Inspection result;
    const auto& review = protocol_->reviews().test[static_cast<std::size_t>(sampleIndex)];
    const auto tokenised =
        tokeniseWithTrigger(review.text, words_, placement ? placementToken(protocol_->spec(), *placement) : "");
    const int length = model_->config().sequenceLength;
    const auto ids = vocabulary_.encode(tokenised.tokens, length);
    const float positive = 1.0f / (1.0f + std::exp(-model_->logit(ids)));
    result.probabilities = {1.0f - positive, positive};
    result.predicted = positive > 0.5f ? 1 : 0;
    result.tokens = tokenised.tokens;
    result.relevance = model_->relevance(ids);
    result.relevance.resize(std::min(result.relevance.size(), tokenised.tokens.size()));
    result.truncated = triggerTruncated(tokenised, length);
    return result;
  }

  std::vector<Placement> placements(int stride) const override {
    return TextPlacements(static_cast<int>(words_.size()), model_->config().sequenceLength).placements(stride);
  }

  void save(const TrainingRecord& record, const std::string& path) const override {
    TextCheckpointInfo info;
    static_cast<TrainingRecord&>(info) = record;
    info.model = model_->config();
    info.vocabulary = vocabulary_;
    saveTextCheckpoint(*model_, info, path);
  }

private:
  // Test reviews `rows` with this session's trigger at `placement`.
  AttackResult attackRows(std::vector<int> rows, const std::string& placement) const {
    return protocol_->attackRows(*model_, vocabulary_, words_, target_, std::move(rows), placement);
  }

  std::shared_ptr<const TextProtocol> protocol_;
  std::shared_ptr<const TextModel> model_;
  Vocabulary vocabulary_;
  std::vector<std::string> words_;
  int target_;
  std::vector<int> labels_;
  std::vector<int> pool_;
};

class TextExperiment : public Experiment {
public:
  explicit TextExperiment(const ExperimentSpec& spec)
      : Experiment(spec), protocol_(std::make_shared<const TextProtocol>(spec)) {}

  std::vector<std::string> classNames() const override { return {"negative", "positive"}; }
  int trainCount() const override { return protocol_->trainingSize(); }
  int testCount() const override { return static_cast<int>(protocol_->reviews().test.size()); }

  Sample sample(int index) const override {
    Sample s;
    const auto& review = protocol_->reviews().test[static_cast<std::size_t>(index)];
    s.index = index;
    s.label = review.label;
    s.tokens = tokenise(standardise(review.text));
    return s;
  }

  Extent triggerExtent() const override {
    return TextPlacements(static_cast<int>(spec().text.words.size()), spec().text.sequenceLength).extent();
  }

  TrainedModel train(const TrainingRequest& request, const TrainingCallbacks& callbacks, const std::atomic<bool>* stop,
                     const TrainingProbe* probe) const override {
    auto trainingSpec = spec();
    trainingSpec.poisonCount = poisonCountFor(request);
    TextProtocol::Look hook;
    if (probe)
      hook = {probe->everyBatches,
              [this, probe](const TextModel& model, const Vocabulary& vocabulary, const TrainingPoint& point) {
                TextSession view(protocol_, borrowed(model), vocabulary, spec());
                readProbe(view, *probe, point);
              },
              probe->costShare};
    auto trained =
        protocol_->train(request.head, request.position, request.rep, callbacks, stop, hook, trainingSpec.poisonCount);
    TrainedModel result;
    result.record = trainingRecord(trainingSpec, request.head, request.position, request.rep, trained.seed, trained.training,
                                   trained.cleanAccuracy);
    result.training = std::move(trained.training);
    result.poisonCount = trainingSpec.poisonCount;
    result.poisonPercent = 100.0 * trainingSpec.poisonCount / trained.trainingSize;
    result.testLabels = protocol_->testLabels();
    result.cleanPredictions = std::move(trained.cleanPredictions);
    result.model = std::make_unique<TextSession>(protocol_, std::make_shared<const TextModel>(std::move(trained.model)),
                                                 std::move(trained.vocabulary), spec());
    return result;
  }

  std::unique_ptr<ModelSession> session(const std::string& checkpoint, const ExperimentSpec& current) const override {
    auto loaded = loadTextCheckpoint(checkpoint);
    return std::make_unique<TextSession>(protocol_, std::make_shared<const TextModel>(std::move(loaded.model)),
                                         std::move(loaded.info.vocabulary), current);
  }

  std::unique_ptr<DefenceSubject> defenceSubject(const std::string& checkpoint) const override {
    return textDefenceSubject(protocol_, checkpoint);
  }

private:
  std::shared_ptr<const TextProtocol> protocol_;
};

}  // namespace

std::unique_ptr<Experiment> openTextExperiment(const ExperimentSpec& spec) {
  return std::make_unique<TextExperiment>(spec);
}

}  // namespace gaplab
