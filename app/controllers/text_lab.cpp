// The text workspace's lab: IMDB reviews, the trigger words inserted before
// a token, and per-token relevance in place of a CAM.
#include <cmath>

#include "attack_pool.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/text_experiment.h"
#include "gaplab/text_trigger.h"
#include "lab.h"

namespace gaplab::app {

namespace {

std::string tokenPlacement(Placement placement) { return "@" + std::to_string(placement.x); }

class TextSession : public ModelSession {
public:
  TextSession(std::shared_ptr<const TextExperiment> experiment, TextModel model, Vocabulary vocabulary,
              const ExperimentSpec& current)
      : experiment_(std::move(experiment)), model_(std::move(model)), vocabulary_(std::move(vocabulary)),
        words_(current.text.words), target_(current.target), labels_(experiment_->testLabels()),
        pool_(shuffledPool(labels_, current.target)) {}

  int poolSize() const override { return static_cast<int>(pool_.size()); }

  AttackMetrics attack(int start, int count, Placement placement) override {
    const auto rows = slice(pool_, start, count);
    const int length = model_.config().sequenceLength;
    std::vector<std::int64_t> ids;
    std::vector<int> labels;
    for (int row : rows) {
      const auto& review = experiment_->reviews().test[static_cast<std::size_t>(row)];
      const auto tokens = tokeniseWithTrigger(review.text, words_, tokenPlacement(placement)).tokens;
      const auto encoded = vocabulary_.encode(tokens, length);
      ids.insert(ids.end(), encoded.begin(), encoded.end());
      labels.push_back(labels_[static_cast<std::size_t>(row)]);
    }
    return attackMetrics(labels, model_.predict(TextSet::fromIds(std::move(ids), labels, length)), target_);
  }

  Inspection inspect(int sampleIndex, const Placement* placement) override {
    Inspection result;
    const auto& review = experiment_->reviews().test[static_cast<std::size_t>(sampleIndex)];
    const auto tokenised = tokeniseWithTrigger(review.text, words_, placement ? tokenPlacement(*placement) : "");
    const int length = model_.config().sequenceLength;
    const auto ids = vocabulary_.encode(tokenised.tokens, length);
    const float positive = 1.0f / (1.0f + std::exp(-model_.logit(ids)));
    result.probabilities = {1.0f - positive, positive};
    result.predicted = positive > 0.5f ? 1 : 0;
    result.tokens = tokenised.tokens;
    result.relevance = model_.relevance(ids);
    result.relevance.resize(std::min(result.relevance.size(), tokenised.tokens.size()));
    result.truncated = triggerTruncated(tokenised, length);
    return result;
  }

  std::vector<Placement> placements(int stride) const override {
    std::vector<Placement> result;
    for (int token = 0; token <= model_.config().sequenceLength; token += std::max(1, stride)) result.push_back({token, 0});
    return result;
  }

private:
  std::shared_ptr<const TextExperiment> experiment_;
  TextModel model_;
  Vocabulary vocabulary_;
  std::vector<std::string> words_;
  int target_;
  std::vector<int> labels_;
  std::vector<int> pool_;
};

class TextLab : public Lab {
public:
  explicit TextLab(const ExperimentSpec& spec)
      : Lab(spec), experiment_(std::make_shared<const TextExperiment>(spec)) {}

  std::vector<std::string> classNames() const override { return {"negative", "positive"}; }
  int trainCount() const override { return static_cast<int>(experiment_->reviews().train.size()); }
  int testCount() const override { return static_cast<int>(experiment_->reviews().test.size()); }

  LabSample sample(int index) const override {
    LabSample s;
    const auto& review = experiment_->reviews().test[static_cast<std::size_t>(index)];
    s.index = index;
    s.label = review.label;
    s.tokens = tokenise(standardise(review.text));
    return s;
  }

  Extent triggerExtent() const override { return {1, static_cast<int>(spec().text.words.size())}; }

  std::unique_ptr<ModelSession> session(const std::string& checkpoint, const ExperimentSpec& current) const override {
    auto loaded = loadTextCheckpoint(checkpoint);
    return std::make_unique<TextSession>(experiment_, std::move(loaded.model), std::move(loaded.info.vocabulary),
                                         current);
  }

protected:
  LabModelInfo trainAndSave(Head head, const std::string& path, const TrainingCallbacks& callbacks,
                            const std::atomic<bool>* stop) const override {
    const auto& s = spec();
    const std::string placement = s.trainPositions.front();
    auto trained = experiment_->train(head, placement, 0, callbacks, stop);
    auto info = trainingRecordOf<TextCheckpointInfo>(trained, s, placement, 0);
    info.spec.heads = {head};
    info.vocabulary = trained.vocabulary;
    info.asrAtTrainPosition = experiment_->attack(trained, placement).metrics.asr();
    saveTextCheckpoint(trained.model, info, path);
    return labModelInfo(info, trained.training.history);
  }

  LabModelInfo readInfo(const std::string& path) const override {
    return labModelInfo(loadTextCheckpoint(path).info, {});
  }

private:
  std::shared_ptr<const TextExperiment> experiment_;
};

}  // namespace

std::shared_ptr<Lab> openTextLab(const ExperimentSpec& spec) { return std::make_shared<TextLab>(spec); }

}  // namespace gaplab::app
