// SPDX-License-Identifier: GPL-3.0-or-later
#include "lab_controller.h"

namespace gaplab::app {

LabController::LabController(QObject* parent)
    : QueuedJob(parent), shared_(std::make_shared<Shared>()), stop_(std::make_shared<std::atomic<bool>>(false)),
      gate_(std::make_shared<PauseGate>(stop_.get())) {
  qRegisterMetaType<gaplab::app::LabModelInfo>();
  qRegisterMetaType<gaplab::EpochReport>();
}

LabController::~LabController() {
  cancel();
  waitForFinished();
}

std::shared_ptr<const Lab> LabController::lab() const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  return shared_->lab;
}

void LabController::cancel() {
  stop_->store(true);
  gate_->wake();  // a paused training ends too
}

bool LabController::open(const ExperimentSpec& spec) { return run(spec, {}, {}); }

bool LabController::train(const ExperimentSpec& spec, const std::vector<Head>& heads, const std::string& offPosition) {
  return run(spec, heads, offPosition);
}

bool LabController::run(const ExperimentSpec& spec, const std::vector<Head>& heads, const std::string& offPosition) {
  if (isBusy()) return false;
  stop_ = std::make_shared<std::atomic<bool>>(false);
  gate_ = std::make_shared<PauseGate>(stop_.get());
  auto shared = shared_;
  auto stop = stop_;
  auto gate = gate_;
  const std::string cacheDir = cacheDir_.toStdString();
  const bool reload = heads.empty();
  const QString modality = QString::fromStdString(toString(spec.modality));
  QStringList headNames;
  for (const Head head : heads) headNames << QString::fromStdString(toString(head)).toUpper();
  const QString name = reload ? tr("Load %1 data").arg(modality) : tr("Train %1 (%2)").arg(modality, headNames.join(", "));
  submit(name, [spec, heads, shared, stop, gate, cacheDir, reload, offPosition] {
      std::shared_ptr<const Lab> lab;
      {
        std::lock_guard<std::mutex> lock(shared->mutex);
        lab = shared->lab;
      }
      if (reload || !lab || specToJson(lab->spec()) != specToJson(spec)) {
        lab = Lab::open(spec, [shared](const std::string& what, int done, int total) {
          std::lock_guard<std::mutex> lock(shared->mutex);
          shared->loading = std::make_tuple(what, done, total);
        });
        std::lock_guard<std::mutex> lock(shared->mutex);
        shared->lab = lab;
        shared->labChanged = true;
      }
      for (const Head head : heads) {
        if (stop->load()) throw Cancelled();
        TrainingCallbacks callbacks;
        callbacks.onBatch = [shared, head](const BatchProgress& p) {
          std::lock_guard<std::mutex> lock(shared->mutex);
          shared->latest = std::make_pair(head, p);
        };
        callbacks.onEpoch = [shared, head](const EpochReport& e) {
          std::lock_guard<std::mutex> lock(shared->mutex);
          shared->epochs.emplace_back(head, e);
        };
        callbacks.beforeBatch = [gate](int epoch, int batch) { gate->beforeBatch(epoch, batch); };
        TrainingProbe probe;
        // A random position per poisoned input has no position to watch.
        if (!offPosition.empty() && !isRandomPlacement(lab->spec().trainPositions.front())) {
          probe.placements = {lab->spec().trainPositions.front(), offPosition};
          probe.inputs = kProbeInputs;
          // Read within epochs too, as often as the readings measured cost ~8% of the training.
          probe.costShare = kProbeCostShare;
          probe.onReading = [shared, head](const TrainingProbe::Reading& reading) {
            std::lock_guard<std::mutex> lock(shared->mutex);
            shared->readings.emplace_back(head, reading);
          };
        }
        auto info = lab->train(head, cacheDir, callbacks, stop.get(), probe.placements.empty() ? nullptr : &probe);
        std::lock_guard<std::mutex> lock(shared->mutex);
        shared->models.push_back(std::move(info));
      }
  }, [stop] { stop->store(true); });
  return true;
}

void LabController::publish() {
  bool labChanged = false;
  std::optional<std::pair<Head, BatchProgress>> latest;
  std::optional<std::tuple<std::string, int, int>> loading;
  std::vector<std::pair<Head, EpochReport>> epochs;
  std::vector<LabModelInfo> models;
  std::vector<std::pair<Head, TrainingProbe::Reading>> readings;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    std::swap(labChanged, shared_->labChanged);
    latest.swap(shared_->latest);
    loading.swap(shared_->loading);
    epochs.swap(shared_->epochs);
    models.swap(shared_->models);
    readings.swap(shared_->readings);
  }
  if (loading)
    Q_EMIT this->loading(QString::fromStdString(std::get<0>(*loading)), std::get<1>(*loading), std::get<2>(*loading));
  if (labChanged) Q_EMIT opened();
  if (latest) {
    const auto& p = latest->second;
    Q_EMIT progress(QString::fromStdString(toString(latest->first)), p.epoch, p.epochs, p.batch, p.batches, p.loss);
  }
  for (const auto& [head, report] : epochs) Q_EMIT epochFinished(QString::fromStdString(toString(head)), report);
  for (const auto& [head, r] : readings)
    if (r.attacks.size() == 2)
      Q_EMIT probed(QString::fromStdString(toString(head)), r.epochs(), r.cleanAccuracy, r.attacks[0].asr(),
                    r.attacks[1].asr(), r.attacks[0].robustAccuracy());
  for (const auto& info : models) Q_EMIT modelReady(info);
}

}  // namespace gaplab::app
