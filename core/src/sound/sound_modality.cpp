// SPDX-License-Identifier: GPL-3.0-or-later
// The modality interface for sound: clips featurised to MFCC (or log-mel)
// images; the trigger is added to the waveform before featurising (tone,
// noise, wav) or painted on the time-frequency cells.
#include <cmath>
#include <cstdio>
#include <optional>

#include "attack_pool.h"
#include "gaplab/checkpoint.h"
#include "gaplab/error.h"
#include "gaplab/evaluation.h"
#include "gaplab/sound_protocol.h"
#include "gaplab/stamping.h"
#include "defence_subject.h"
#include "modalities.h"
#include "sound_placements.h"

namespace gaplab {

namespace {

bool isPainted(const ExperimentSpec& spec) { return spec.sound.trigger.kind == "painted"; }

class SoundSession : public ModelSession {
public:
  SoundSession(std::shared_ptr<const SoundProtocol> protocol, std::shared_ptr<const ImageModel> model,
               const ExperimentSpec& current)
      : protocol_(std::move(protocol)), model_(std::move(model)), current_(current), target_(current.target),
        pool_(attackOrder(protocol_->clips().testLabels, current.target)), painted_(isPainted(current)) {
    if (painted_) paintedTrigger_ = makeTrigger(current.trigger, 1);
    else waveTrigger_.emplace(current.sound.trigger, current.sound.rate, current.sound.clipSamples());
  }

  int poolSize() const override { return static_cast<int>(pool_.size()); }

  AttackMetrics attack(int start, int count, Placement placement) override {
    const auto rows = slice(pool_, start, count);
    const auto features = painted_ ? stampAll(protocol_->cleanTest().select(rows), paintedTrigger_, placement)
                                   : withTone(rows, placementToken(protocol_->spec(), placement));
    return attackMetrics(labelsAt(protocol_->clips().testLabels, rows), model_->predict(features), target_);
  }

  AttackResult attackAt(const std::string& placement, int limit) override {
    AttackResult result;
    result.samples = nonTargetRows(protocol_->clips().testLabels, target_, limit);
    result.labels = labelsAt(protocol_->clips().testLabels, result.samples);
    ImageSet features;
    if (painted_) {
      const auto shape = protocol_->cleanTest().shape();
      const auto& s = protocol_->spec().sound;
      const auto position = paintedPosition(placement, shape.height, shape.width, paintedTrigger_.height,
                                            paintedTrigger_.width, s.trigger.bin, double(s.rate) / s.features.hop);
      features = stampAll(protocol_->cleanTest().select(result.samples), paintedTrigger_, position);
    } else {
      features = withTone(result.samples, placement);
    }
    result.predictions = model_->predict(features);
    result.metrics = attackMetrics(result.labels, result.predictions, target_);
    return result;
  }

  double cleanAccuracy(int limit) override {
    const auto inputs = protocol_->cleanTest().select(firstRows(protocol_->cleanTest().size(), limit));
    return accuracy(inputs.labels(), model_->predict(inputs));
  }

  Inspection inspect(int sampleIndex, const Placement* placement) override {
    Inspection result;
    if (!placement) result.input = protocol_->cleanTest().image(sampleIndex);
    else if (painted_) result.input = stampAll(protocol_->cleanTest().select({sampleIndex}), paintedTrigger_, *placement).image(0);
    else result.input = withTone({sampleIndex}, placementToken(protocol_->spec(), *placement)).image(0);
    result.probabilities = model_->probabilities(result.input);
    result.predicted = argmax(result.probabilities);
    result.cam = model_->classActivationMap(result.input, result.predicted);
    return result;
  }

  std::vector<Placement> placements(int stride) const override {
    return SoundPlacements(current_, protocol_->cleanTest().shape(), painted_ ? 0 : waveTrigger_->points())
        .placements(stride);
  }

  void save(const TrainingRecord& record, const std::string& path) const override {
    CheckpointInfo info;
    static_cast<TrainingRecord&>(info) = record;
    info.model = model_->config();
    saveCheckpoint(*model_, info, path);
  }

private:
  // Features of test clips `rows` with the waveform trigger at `placement`.
  ImageSet withTone(const std::vector<int>& rows, const std::string& placement) const {
    const auto& clips = protocol_->clips();
    std::vector<std::vector<float>> triggered;
    triggered.reserve(rows.size());
    for (int row : rows) {
      triggered.push_back(clips.test[static_cast<std::size_t>(row)]);
      waveTrigger_->addTo(triggered.back(), placement);
    }
    return protocol_->features(triggered, labelsAt(clips.testLabels, rows));
  }

  std::shared_ptr<const SoundProtocol> protocol_;
  std::shared_ptr<const ImageModel> model_;
  ExperimentSpec current_;  // the trigger and target this session attacks with
  int target_;
  std::vector<int> pool_;
  bool painted_;
  Trigger paintedTrigger_;
  std::optional<SoundTrigger> waveTrigger_;
};

class SoundExperiment : public Experiment {
public:
  SoundExperiment(const ExperimentSpec& spec, const LoadProgress& progress)
      : Experiment(spec), protocol_(std::make_shared<const SoundProtocol>(spec, [&progress](int done, int total) {
          if (progress) progress("synthesising keywords", done, total);
        })) {}

  std::vector<std::string> classNames() const override { return protocol_->clips().classNames; }
  int trainCount() const override { return static_cast<int>(protocol_->clips().train.size()); }
  int testCount() const override { return protocol_->cleanTest().size(); }

  Sample sample(int index) const override {
    Sample s;
    s.index = index;
    s.label = protocol_->clips().testLabels[static_cast<std::size_t>(index)];
    s.shape = protocol_->cleanTest().shape();
    s.pixels = protocol_->cleanTest().image(index);
    s.waveform = protocol_->clips().test[static_cast<std::size_t>(index)];
    s.rate = protocol_->clips().rate;
    return s;
  }

  Extent triggerExtent() const override {
    return SoundPlacements(spec(), protocol_->cleanTest().shape(), protocol_->trigger().points()).extent();
  }

  TrainedModel train(const TrainingRequest& request, const TrainingCallbacks& callbacks, const std::atomic<bool>* stop,
                     const TrainingProbe* probe) const override {
    auto trainingSpec = spec();
    trainingSpec.poisonCount = poisonCountFor(request);
    SoundProtocol::Look hook;
    if (probe)
      hook = {probe->everyBatches, [this, probe](const ImageModel& model, const TrainingPoint& point) {
                SoundSession view(protocol_, borrowed(model), spec());
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
    result.poisonPercent = 100.0 * trainingSpec.poisonCount / trainCount();
    result.testLabels = protocol_->clips().testLabels;
    result.cleanPredictions = std::move(trained.cleanPredictions);
    result.model = std::make_unique<SoundSession>(protocol_, std::make_shared<const ImageModel>(std::move(trained.model)),
                                                  spec());
    return result;
  }

  std::unique_ptr<ModelSession> session(const std::string& checkpoint, const ExperimentSpec& current) const override {
    auto loaded = loadCheckpoint(checkpoint);
    if (!(loaded.model.config().input == protocol_->cleanTest().shape()))
      throw Error(checkpoint + ": the model expects other features than these clips give");
    return std::make_unique<SoundSession>(protocol_, std::make_shared<const ImageModel>(std::move(loaded.model)),
                                          current);
  }

  std::unique_ptr<DefenceSubject> defenceSubject(const std::string& checkpoint) const override {
    return soundDefenceSubject(protocol_, checkpoint);
  }

private:
  std::shared_ptr<const SoundProtocol> protocol_;
};

}  // namespace

std::unique_ptr<Experiment> openSoundExperiment(const ExperimentSpec& spec, const Experiment::LoadProgress& progress) {
  return std::make_unique<SoundExperiment>(spec, progress);
}

}  // namespace gaplab
