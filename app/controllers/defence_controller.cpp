// SPDX-License-Identifier: GPL-3.0-or-later
#include "defence_controller.h"

namespace gaplab::app {

DefenceController::DefenceController(QObject* parent) : QueuedJob(parent), shared_(std::make_shared<Shared>()) {}

DefenceController::~DefenceController() {
  cancel();
  waitForFinished();
}

bool DefenceController::start(std::shared_ptr<const Lab> lab, std::array<std::string, 2> checkpoints,
                              DefenceMethod method, const DefenceSettings& settings) {
  if (isRunning() || !lab) return false;
  auto shared = shared_;
  {
    std::lock_guard<std::mutex> lock(shared->mutex);
    shared->latest.reset();
    shared->reports = {};
    shared->fresh = {false, false};
  }
  shared->stop = false;
  const QString name = tr("Defence %1 (%2)")
                           .arg(QString::fromStdString(defenceMethodName(method)))
                           .arg(QString::fromStdString(toString(lab->spec().modality)));
  submit(
      name,
      [lab, checkpoints, method, settings, shared] {
        for (std::size_t slot = 0; slot < checkpoints.size(); ++slot) {
          if (checkpoints[slot].empty()) continue;
          const std::string head = slot == 0 ? "FC" : "GAP";
          auto report = lab->defend(
              checkpoints[slot], method, settings,
              [&](const DefenceProgress& p) {
                std::lock_guard<std::mutex> lock(shared->mutex);
                shared->latest = std::make_pair(head, p);
              },
              &shared->stop);
          std::lock_guard<std::mutex> lock(shared->mutex);
          shared->reports[slot] = std::move(report);
          shared->fresh[slot] = true;
        }
      },
      [shared] { shared->stop = true; });
  return true;
}

void DefenceController::cancel() { shared_->stop = true; }

std::optional<DefenceReport> DefenceController::report(int slot) const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  return shared_->reports[static_cast<std::size_t>(slot)];
}

bool DefenceController::hasStripReport() const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  for (const auto& report : shared_->reports)
    if (report && report->strip) return true;
  return false;
}

void DefenceController::publish() {
  std::optional<std::pair<std::string, DefenceProgress>> latest;
  std::array<bool, 2> fresh{false, false};
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    latest.swap(shared_->latest);
    std::swap(fresh, shared_->fresh);
  }
  if (latest)
    Q_EMIT progress(QString::fromStdString(latest->first), QString::fromStdString(latest->second.stage),
                    latest->second.done, latest->second.total, latest->second.secondsLeft);
  for (int slot = 0; slot < 2; ++slot)
    if (fresh[static_cast<std::size_t>(slot)]) Q_EMIT reportReady(slot);
}

}  // namespace gaplab::app
