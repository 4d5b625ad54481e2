// The sound workspace's lab: clips featurised to MFCC (or log-mel) images;
// the trigger is added to the waveform before featurising (tone, noise, wav)
// or painted on the time-frequency cells.
#include <cmath>
#include <cstdio>
#include <optional>

#include "attack_pool.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/sound_experiment.h"
#include "gaplab/stamping.h"
#include "lab.h"

namespace gaplab::app {

namespace {

int clipLength(const ExperimentSpec& spec) {
  return static_cast<int>(std::lround(spec.sound.clipSeconds * spec.sound.rate));
}

// A waveform trigger's onset at feature frame `frame` ("@T" in seconds).
std::string onsetPlacement(int frame, const FeatureConfig& features) {
  char text[32];
  std::snprintf(text, sizeof text, "@%.6f", double(frame) * features.hop / features.rate);
  return text;
}

class SoundSession : public ModelSession {
public:
  SoundSession(std::shared_ptr<const SoundExperiment> experiment, ImageModel model, const ExperimentSpec& current)
      : experiment_(std::move(experiment)), model_(std::move(model)), target_(current.target),
        pool_(shuffledPool(experiment_->clips().testLabels, current.target)),
        painted_(current.sound.trigger.kind == "painted") {
    if (painted_) paintedTrigger_ = makeTrigger(current.trigger, 1);
    else waveTrigger_.emplace(current.sound.trigger, current.sound.rate, clipLength(current));
  }

  int poolSize() const override { return static_cast<int>(pool_.size()); }

  AttackMetrics attack(int start, int count, Placement placement) override {
    const auto rows = slice(pool_, start, count);
    std::vector<int> labels;
    for (int row : rows) labels.push_back(experiment_->clips().testLabels[static_cast<std::size_t>(row)]);
    return attackMetrics(labels, model_.predict(triggered(rows, placement)), target_);
  }

  Inspection inspect(int sampleIndex, const Placement* placement) override {
    Inspection result;
    result.input = placement ? triggered({sampleIndex}, *placement).image(0)
                             : experiment_->cleanTest().image(sampleIndex);
    result.probabilities = model_.probabilities(result.input);
    result.predicted = static_cast<int>(std::max_element(result.probabilities.begin(), result.probabilities.end()) -
                                        result.probabilities.begin());
    result.cam = model_.classActivationMap(result.input, result.predicted);
    return result;
  }

  std::vector<Placement> placements(int stride) const override {
    const auto shape = experiment_->cleanTest().shape();
    if (painted_) return positionGrid(shape.height, shape.width, {paintedTrigger_.height, paintedTrigger_.width}, stride);
    const auto& features = experiment_->spec().sound.features;
    const int lastFrame = (clipLength(experiment_->spec()) - waveTrigger_->points()) / features.hop;
    std::vector<Placement> result;
    for (int frame = 0; frame <= lastFrame; frame += std::max(1, stride)) result.push_back({0, frame});
    if (result.back().y != lastFrame) result.push_back({0, lastFrame});
    return result;
  }

private:
  // Features of test clips `rows` with the trigger at `placement`.
  ImageSet triggered(const std::vector<int>& rows, Placement placement) const {
    const auto& clips = experiment_->clips();
    if (painted_) return stampAll(experiment_->cleanTest().select(rows), paintedTrigger_, placement);
    const std::string onset = onsetPlacement(placement.y, experiment_->spec().sound.features);
    std::vector<std::vector<float>> triggeredClips;
    std::vector<int> labels;
    for (int row : rows) {
      triggeredClips.push_back(clips.test[static_cast<std::size_t>(row)]);
      waveTrigger_->addTo(triggeredClips.back(), onset);
      labels.push_back(clips.testLabels[static_cast<std::size_t>(row)]);
    }
    return experiment_->features(triggeredClips, labels);
  }

  std::shared_ptr<const SoundExperiment> experiment_;
  ImageModel model_;
  int target_;
  std::vector<int> pool_;
  bool painted_;
  Trigger paintedTrigger_;
  std::optional<SoundTrigger> waveTrigger_;
};

class SoundLab : public Lab {
public:
  SoundLab(const ExperimentSpec& spec, const LoadProgress& progress)
      : Lab(spec), experiment_(std::make_shared<const SoundExperiment>(spec, [&progress](int done, int total) {
          if (progress) progress("synthesising keywords", done, total);
        })) {}

  std::vector<std::string> classNames() const override { return experiment_->clips().classNames; }
  int trainCount() const override { return static_cast<int>(experiment_->clips().train.size()); }
  int testCount() const override { return experiment_->cleanTest().size(); }

  LabSample sample(int index) const override {
    LabSample s;
    s.index = index;
    s.label = experiment_->clips().testLabels[static_cast<std::size_t>(index)];
    s.shape = experiment_->cleanTest().shape();
    s.pixels = experiment_->cleanTest().image(index);
    s.waveform = experiment_->clips().test[static_cast<std::size_t>(index)];
    s.rate = experiment_->clips().rate;
    return s;
  }

  Extent triggerExtent() const override {
    const auto& s = spec();
    if (s.sound.trigger.kind == "painted") return {s.trigger.height, s.trigger.width};
    const int frames = (experiment_->trigger().points() + s.sound.features.hop - 1) / s.sound.features.hop;
    return {frames, experiment_->cleanTest().shape().width};
  }

  std::unique_ptr<ModelSession> session(const std::string& checkpoint, const ExperimentSpec& current) const override {
    auto loaded = loadCheckpoint(checkpoint);
    if (!(loaded.model.config().input == experiment_->cleanTest().shape()))
      throw Error(checkpoint + ": the model expects other features than these clips give");
    return std::make_unique<SoundSession>(experiment_, std::move(loaded.model), current);
  }

protected:
  LabModelInfo trainAndSave(Head head, const std::string& path, const TrainingCallbacks& callbacks,
                            const std::atomic<bool>* stop) const override {
    const auto& s = spec();
    const std::string placement = s.trainPositions.front();
    auto trained = experiment_->train(head, placement, 0, callbacks, stop);
    auto info = trainingRecordOf<CheckpointInfo>(trained, s, placement, 0);
    info.spec.heads = {head};
    info.asrAtTrainPosition = experiment_->attack(trained.model, placement).metrics.asr();
    saveCheckpoint(trained.model, info, path);
    return labModelInfo(info, trained.training.history);
  }


private:
  std::shared_ptr<const SoundExperiment> experiment_;
};

}  // namespace

std::shared_ptr<Lab> openSoundLab(const ExperimentSpec& spec, const Lab::LoadProgress& progress) {
  return std::make_shared<SoundLab>(spec, progress);
}

}  // namespace gaplab::app
