#include "grid_modality.h"

#include "gaplab/evaluation.h"
#include "gaplab/experiment_run.h"
#include "gaplab/sound_experiment.h"
#include "gaplab/text_experiment.h"

namespace gaplab {

namespace {

class ImageGrid : public GridModality {
public:
  explicit ImageGrid(const ExperimentSpec& spec) : spec_(spec), data_(loadExperimentData(spec)) {}

  TrainedCell train(Head head, const std::string& trainPosition, int rep, const TrainingCallbacks& callbacks,
                    const std::atomic<bool>* stop) override {
    auto trained = std::make_shared<PoisonedTraining>(
        trainPoisoned(spec_, data_, head, trainPosition, rep, callbacks, stop));
    TrainedCell cell;
    cell.training = trained->training;
    cell.cleanAccuracy = trained->cleanAccuracy;
    cell.poisonCount = trained->poisonCount;
    cell.poisonPercent = trained->poisonPercent;
    cell.seed = trained->seed;
    cell.testLabels = data_.splits.test.labels();
    cell.cleanPredictions = trained->cleanPredictions;
    cell.attack = [this, trained](const std::string& testPosition) {
      const auto shape = data_.splits.test.shape();
      const auto position =
          resolvePosition(testPosition, shape.height, shape.width, {data_.trigger.height, data_.trigger.width});
      auto attack = evaluateAttack(trained->model, data_.splits.test, data_.trigger, position, spec_.target);
      return CellAttack{attack.metrics, std::move(attack.sampleIndices), std::move(attack.labels),
                        std::move(attack.predictions), 0};
    };
    return cell;
  }

private:
  ExperimentSpec spec_;
  ExperimentData data_;
};

class TextGrid : public GridModality {
public:
  explicit TextGrid(const ExperimentSpec& spec) : experiment_(spec) {}

  TrainedCell train(Head head, const std::string& trainPosition, int rep, const TrainingCallbacks& callbacks,
                    const std::atomic<bool>* stop) override {
    auto trained = std::make_shared<TextExperiment::Trained>(experiment_.train(head, trainPosition, rep, callbacks, stop));
    TrainedCell cell;
    cell.training = trained->training;
    cell.cleanAccuracy = trained->cleanAccuracy;
    cell.poisonCount = experiment_.spec().poisonCount;
    cell.poisonPercent = 100.0 * experiment_.spec().poisonCount / trained->trainingSize;
    cell.seed = trained->seed;
    cell.testLabels = experiment_.testLabels();
    cell.cleanPredictions = trained->cleanPredictions;
    cell.attack = [this, trained](const std::string& testPosition) {
      auto attack = experiment_.attack(*trained, testPosition);
      return CellAttack{attack.metrics, std::move(attack.samples), std::move(attack.labels),
                        std::move(attack.predictions), attack.truncated};
    };
    return cell;
  }

private:
  TextExperiment experiment_;
};

class SoundGrid : public GridModality {
public:
  explicit SoundGrid(const ExperimentSpec& spec) : experiment_(spec) {}

  TrainedCell train(Head head, const std::string& trainPosition, int rep, const TrainingCallbacks& callbacks,
                    const std::atomic<bool>* stop) override {
    auto trained =
        std::make_shared<SoundExperiment::Trained>(experiment_.train(head, trainPosition, rep, callbacks, stop));
    TrainedCell cell;
    cell.training = trained->training;
    cell.cleanAccuracy = trained->cleanAccuracy;
    cell.poisonCount = experiment_.spec().poisonCount;
    cell.poisonPercent = 100.0 * experiment_.spec().poisonCount / experiment_.clips().train.size();
    cell.seed = trained->seed;
    cell.testLabels = experiment_.clips().testLabels;
    cell.cleanPredictions = trained->cleanPredictions;
    cell.attack = [this, trained](const std::string& testPosition) {
      auto attack = experiment_.attack(trained->model, testPosition);
      return CellAttack{attack.metrics, std::move(attack.samples), std::move(attack.labels),
                        std::move(attack.predictions), 0};
    };
    return cell;
  }

private:
  SoundExperiment experiment_;
};

}  // namespace

std::unique_ptr<GridModality> makeGridModality(const ExperimentSpec& spec) {
  switch (spec.modality) {
    case Modality::Text: return std::make_unique<TextGrid>(spec);
    case Modality::Sound: return std::make_unique<SoundGrid>(spec);
    case Modality::Image: break;
  }
  return std::make_unique<ImageGrid>(spec);
}

}  // namespace gaplab
