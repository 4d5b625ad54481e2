// The image workspace's lab: Fashion-MNIST/MNIST/CIFAR-10 and a trigger stamped on pixels.
#include "attack_pool.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/experiment_run.h"
#include "gaplab/stamping.h"
#include "lab.h"

namespace gaplab::app {

namespace {

class ImageSession : public ModelSession {
public:
  ImageSession(std::shared_ptr<ImageModel> model, ImageSet test, Trigger trigger, int target)
      : model_(std::move(model)), test_(std::move(test)), trigger_(std::move(trigger)), target_(target),
        pool_(shuffledPool(test_.labels(), target)) {}

  int poolSize() const override { return static_cast<int>(pool_.size()); }

  AttackMetrics attack(int start, int count, Placement placement) override {
    return evaluateAttack(*model_, test_.select(slice(pool_, start, count)), trigger_, placement, target_).metrics;
  }

  Inspection inspect(int sampleIndex, const Placement* placement) override {
    Inspection result;
    result.input = test_.image(sampleIndex);
    if (placement) stampImage(result.input, test_.shape(), trigger_, *placement);
    result.probabilities = model_->probabilities(result.input);
    result.predicted = static_cast<int>(std::max_element(result.probabilities.begin(), result.probabilities.end()) -
                                        result.probabilities.begin());
    result.cam = model_->classActivationMap(result.input, result.predicted);
    return result;
  }

  std::vector<Placement> placements(int stride) const override {
    const auto shape = test_.shape();
    return positionGrid(shape.height, shape.width, {trigger_.height, trigger_.width}, stride);
  }

private:
  std::shared_ptr<ImageModel> model_;
  ImageSet test_;
  Trigger trigger_;
  int target_;
  std::vector<int> pool_;
};

class ImageLab : public Lab {
public:
  explicit ImageLab(const ExperimentSpec& spec) : Lab(spec), data_(loadExperimentData(spec)) {}

  std::vector<std::string> classNames() const override { return data_.splits.test.classNames(); }
  int trainCount() const override { return data_.splits.train.size(); }
  int testCount() const override { return data_.splits.test.size(); }

  LabSample sample(int index) const override {
    LabSample s;
    s.index = index;
    s.label = data_.splits.test.label(index);
    s.shape = data_.splits.test.shape();
    s.pixels = data_.splits.test.image(index);
    return s;
  }

  Extent triggerExtent() const override { return {data_.trigger.height, data_.trigger.width}; }

  std::unique_ptr<ModelSession> session(const std::string& checkpoint, const ExperimentSpec& current) const override {
    auto loaded = loadCheckpoint(checkpoint);
    if (!(loaded.model.config().input == data_.splits.test.shape()))
      throw Error(checkpoint + ": the model expects other input than this dataset's images");
    return imageSession(std::make_shared<ImageModel>(std::move(loaded.model)), data_.splits.test,
                        makeTrigger(current.trigger, data_.splits.test.shape().channels), current.target);
  }

protected:
  LabModelInfo trainAndSave(Head head, const std::string& path, const TrainingCallbacks& callbacks,
                            const std::atomic<bool>* stop) const override {
    const auto& s = spec();
    const std::string trainPosition = s.trainPositions.front();
    auto trained = trainPoisoned(s, data_, head, trainPosition, 0, callbacks, stop);
    auto info = trainingRecordOf<CheckpointInfo>(trained, s, trainPosition, 0);
    info.spec.heads = {head};
    info.trigger = data_.trigger;
    info.asrAtTrainPosition = asrAtTrainPosition(trained.model, data_, trainPosition, s.target);
    saveCheckpoint(trained.model, info, path);
    return labModelInfo(info, trained.training.history);
  }


private:
  ExperimentData data_;
};

}  // namespace

std::unique_ptr<ModelSession> imageSession(std::shared_ptr<ImageModel> model, ImageSet test, Trigger trigger,
                                           int target) {
  return std::make_unique<ImageSession>(std::move(model), std::move(test), std::move(trigger), target);
}

std::shared_ptr<Lab> openImageLab(const ExperimentSpec& spec) { return std::make_shared<ImageLab>(spec); }

}  // namespace gaplab::app
