// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

#include "background_job.h"
#include "gaplab/defences.h"
#include "lab.h"

namespace gaplab::app {

// Runs one defence on the FC and the GAP model of a lab, one after the
// other, as one queued torch job: progress at most every 40 ms, each head's
// report as it is done, and the end. cancel() stops within one step; the
// destructor cancels and waits.
class DefenceController : public QObject {
  Q_OBJECT
public:
  explicit DefenceController(QObject* parent = nullptr);
  ~DefenceController() override;

  void setQueue(TorchQueue* queue) { queue_.set(queue); }
  bool isRunning() const { return watcher_.isRunning(); }
  // `checkpoints`: FC's and GAP's (empty: that head is skipped). Returns false if a run is going on.
  bool start(std::shared_ptr<const Lab> lab, std::array<std::string, 2> checkpoints, DefenceMethod method,
             const DefenceSettings& settings);
  void cancel();
  // The latest report of each head (headSlot order), once there is one.
  std::optional<DefenceReport> report(int slot) const;
  // Whether a head's latest report is STRIP's (checked on every drag: copies no report).
  bool hasStripReport() const;

Q_SIGNALS:
  void progress(const QString& head, const QString& stage, int done, int total, double secondsLeft);
  void reportReady(int slot);
  void finished(bool cancelled, const QString& error);

private:
  void publish();

  struct Shared {
    std::mutex mutex;
    std::optional<std::pair<std::string, DefenceProgress>> latest;
    std::array<std::optional<DefenceReport>, 2> reports;
    std::array<bool, 2> fresh{false, false};
    std::atomic<bool> stop{false};
  };
  std::shared_ptr<Shared> shared_;
  QueueHandle queue_;
  QFutureWatcher<QString> watcher_;
  QTimer throttle_;
};

}  // namespace gaplab::app
