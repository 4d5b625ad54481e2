// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>
#include <vector>

#include "gaplab/experiment_spec.h"
#include "gaplab/training.h"
#include "lab.h"
#include "queued_job.h"

Q_DECLARE_METATYPE(gaplab::app::LabModelInfo)
Q_DECLARE_METATYPE(gaplab::EpochReport)

namespace gaplab::app {

// Loads a workspace's data and trains its models (one per head) on a worker
// thread. A model trained before with the same spec and seed is loaded
// from the cache instead. Progress reaches the GUI at most every 40 ms
// (the latest state); epochs and finished models as they come. cancel()
// stops within one batch; the destructor cancels and waits.
class LabController : public QueuedJob {
  Q_OBJECT
public:
  explicit LabController(QObject* parent = nullptr);
  ~LabController() override;

  void setCacheDir(const QString& dir) { cacheDir_ = dir; }
  QString cacheDir() const { return cacheDir_; }
  // Loads the spec's data. Returns false if busy.
  bool open(const ExperimentSpec& spec);
  // Trains `heads` for `spec`, reloading the data first if the spec differs
  // from the loaded one. Returns false if busy. With `offPosition`, the
  // backdoor is measured after every epoch (and within epochs, as often as
  // the readings measured cost kProbeCostShare of the training) on a fixed
  // subset of test inputs at the training position and there (probed()).
  bool train(const ExperimentSpec& spec, const std::vector<Head>& heads, const std::string& offPosition = {});
  void cancel();
  // For lectures: hold the training before its next batch, let it run on,
  // or run to the end of the current epoch and hold again.
  void pause() { gate_->pause(); }
  void resume() { gate_->resume(); }
  void stepEpoch() { gate_->stepEpoch(); }
  bool isPaused() const { return gate_->paused(); }
  bool isHeld() const { return gate_->waiting(); }  // a batch waits at the pause now
  static constexpr int kProbeInputs = 200;
  static constexpr double kProbeCostShare = 0.08;
  bool isBusy() const { return isRunning(); }
  std::shared_ptr<const Lab> lab() const;

Q_SIGNALS:
  void opened();  // lab() holds newly loaded data
  void loading(const QString& what, int done, int total);  // slow first-time preparation
  void progress(const QString& head, int epoch, int epochs, int batch, int batches, double loss);
  void epochFinished(const QString& head, const gaplab::EpochReport& report);
  void modelReady(const gaplab::app::LabModelInfo& info);
  // After `epochs` epochs (fractional: within an epoch too): clean accuracy
  // on the probe's inputs, ASR and R-Acc at the training position and at the
  // off-position.
  void probed(const QString& head, double epochs, double cleanAccuracy, double asrTrain, double asrOff,
              double robustTrain);

private:
  bool run(const ExperimentSpec& spec, const std::vector<Head>& heads, const std::string& offPosition);
  void publish() override;

  struct Shared {
    std::mutex mutex;
    std::shared_ptr<const Lab> lab;
    bool labChanged = false;
    std::optional<std::pair<Head, BatchProgress>> latest;
    std::optional<std::tuple<std::string, int, int>> loading;
    std::vector<std::pair<Head, EpochReport>> epochs;
    std::vector<LabModelInfo> models;
    std::vector<std::pair<Head, TrainingProbe::Reading>> readings;
  };
  std::shared_ptr<Shared> shared_;
  std::shared_ptr<std::atomic<bool>> stop_;
  std::shared_ptr<PauseGate> gate_;
  QString cacheDir_;
};

}  // namespace gaplab::app
