// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QObject>
#include <QString>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

#include "gaplab/defences.h"
#include "lab.h"
#include "queued_job.h"

namespace gaplab::app {

// Runs one defence on the FC and the GAP model of a lab, one after the
// other, as one queued torch job: progress at most every 40 ms, each head's
// report as it is done, and the end. cancel() stops within one step; the
// destructor cancels and waits.
class DefenceController : public QueuedJob {
  Q_OBJECT
public:
  explicit DefenceController(QObject* parent = nullptr);
  ~DefenceController() override;

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

private:
  void publish() override;

  struct Shared {
    std::mutex mutex;
    std::optional<std::pair<std::string, DefenceProgress>> latest;
    std::array<std::optional<DefenceReport>, 2> reports;
    std::array<bool, 2> fresh{false, false};
    std::atomic<bool> stop{false};
  };
  std::shared_ptr<Shared> shared_;
};

}  // namespace gaplab::app
