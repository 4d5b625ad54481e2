// SPDX-License-Identifier: GPL-3.0-or-later
// The modality interface for images (Fashion-MNIST, MNIST, CIFAR-10): the
// trigger is stamped on the pixels.
#include "attack_pool.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/evaluation.h"
#include "gaplab/image_experiment.h"
#include "gaplab/stamping.h"
#include "defence_subject.h"
#include "image_placements.h"
#include "modalities.h"

namespace gaplab {

namespace {

class ImageSession : public ModelSession {
public:
  ImageSession(std::shared_ptr<const ImageModel> model, ImageSet test, Trigger trigger, int target)
      : model_(std::move(model)), test_(std::move(test)), trigger_(std::move(trigger)), target_(target),
        pool_(attackOrder(test_.labels(), target)) {}

  int poolSize() const override { return static_cast<int>(pool_.size()); }

  AttackMetrics attack(int start, int count, Placement placement) override {
    // Pool rows are outside the target class already: stamp and predict them as they are.
    const auto inputs = test_.select(slice(pool_, start, count));
    return attackMetrics(inputs.labels(), model_->predict(stampAll(inputs, trigger_, placement)), target_);
  }

  AttackResult attackAt(const std::string& placement, int limit) override {
    const auto shape = test_.shape();
    const auto position = resolvePosition(placement, shape.height, shape.width, {trigger_.height, trigger_.width});
    return evaluateAttack(*model_, limit < 0 ? test_ : test_.select(firstRows(test_.size(), limit)), trigger_,
                          position, target_);
  }

  double cleanAccuracy(int limit) override {
    const auto inputs = limit < 0 ? test_ : test_.select(firstRows(test_.size(), limit));
    return accuracy(inputs.labels(), model_->predict(inputs));
  }

  Inspection inspect(int sampleIndex, const Placement* placement) override {
    Inspection result;
    result.input = test_.image(sampleIndex);
    if (placement) stampImage(result.input, test_.shape(), trigger_, *placement);
    result.probabilities = model_->probabilities(result.input);
    result.predicted = argmax(result.probabilities);
    result.cam = model_->classActivationMap(result.input, result.predicted);
    return result;
  }

  std::vector<Placement> placements(int stride) const override {
    return ImagePlacements(test_.shape(), {trigger_.height, trigger_.width}).placements(stride);
  }

  void save(const TrainingRecord& record, const std::string& path) const override {
    CheckpointInfo info;
    static_cast<TrainingRecord&>(info) = record;
    info.model = model_->config();
    info.trigger = trigger_;
    saveCheckpoint(*model_, info, path);
  }

private:
  std::shared_ptr<const ImageModel> model_;
  ImageSet test_;
  Trigger trigger_;
  int target_;
  std::vector<int> pool_;
};

class ImageExperiment : public Experiment {
public:
  explicit ImageExperiment(const ExperimentSpec& spec) : Experiment(spec), data_(loadExperimentData(spec)) {}

  std::vector<std::string> classNames() const override { return data_.splits.test.classNames(); }
  int trainCount() const override { return data_.splits.train.size(); }
  int testCount() const override { return data_.splits.test.size(); }

  Sample sample(int index) const override {
    Sample s;
    s.index = index;
    s.label = data_.splits.test.label(index);
    s.shape = data_.splits.test.shape();
    s.pixels = data_.splits.test.image(index);
    return s;
  }

  Extent triggerExtent() const override {
    return ImagePlacements(data_.splits.test.shape(), {data_.trigger.height, data_.trigger.width}).extent();
  }

  TrainedModel train(const TrainingRequest& request, const TrainingCallbacks& callbacks, const std::atomic<bool>* stop,
                     const TrainingProbe* probe) const override {
    auto trainingSpec = spec();
    trainingSpec.poisonCount = poisonCountFor(request);
    ModelLook<ImageModel> hook;
    if (probe)
      hook = {probe->everyBatches, [this, probe](const ImageModel& model, const TrainingPoint& point) {
                ImageSession view(borrowed(model), data_.splits.test, data_.trigger, spec().target);
                readProbe(view, *probe, point);
              },
              probe->costShare};
    auto trained = trainPoisoned(trainingSpec, data_, request.head, request.position, request.rep, callbacks, stop, hook);
    TrainedModel result;
    result.record = trainingRecord(trainingSpec, request.head, request.position, request.rep, trained.seed, trained.training,
                                   trained.cleanAccuracy);
    result.training = std::move(trained.training);
    result.poisonCount = trained.poisonCount;
    result.poisonPercent = trained.poisonPercent;
    result.testLabels = data_.splits.test.labels();
    result.cleanPredictions = std::move(trained.cleanPredictions);
    result.model = std::make_unique<ImageSession>(std::make_shared<ImageModel>(std::move(trained.model)),
                                                  data_.splits.test, data_.trigger, spec().target);
    return result;
  }

  std::unique_ptr<ModelSession> session(const std::string& checkpoint, const ExperimentSpec& current) const override {
    auto loaded = loadCheckpoint(checkpoint);
    if (!(loaded.model.config().input == data_.splits.test.shape()))
      throw Error(checkpoint + ": the model expects other input than this dataset's images");
    return std::make_unique<ImageSession>(std::make_shared<ImageModel>(std::move(loaded.model)), data_.splits.test,
                                          makeTrigger(current.trigger, data_.splits.test.shape().channels),
                                          current.target);
  }

  std::unique_ptr<DefenceSubject> defenceSubject(const std::string& checkpoint) const override {
    return imageDefenceSubject(data_, checkpoint);
  }

private:
  ExperimentData data_;
};

}  // namespace

std::unique_ptr<Experiment> openImageExperiment(const ExperimentSpec& spec) {
  return std::make_unique<ImageExperiment>(spec);
}

}  // namespace gaplab
