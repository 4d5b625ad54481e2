// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a controller that runs a core sweep (grid, budget) keeps between its
// worker and the GUI thread: the work to queue, a stop flag, the rows so
// far, and what arrived since the GUI last looked. Written once for every
// sweep; the controllers only turn it into their signals.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "gaplab/experiment.h"
#include "gaplab/sweep_jobs.h"

namespace gaplab::app {

template <typename Row>
class SweepRun {
public:
  // What the worker does: opens the sweep's data, checks the plan against it,
  // runs every job. State the worker writes lives as long as the work does.
  std::function<void()> work(std::shared_ptr<SweepOf<Row>> sweep) {
    auto shared = std::make_shared<Shared>();
    shared_ = shared;
    return [sweep, shared] {
      const auto experiment = Experiment::open(sweep->spec());
      {
        std::lock_guard<std::mutex> lock(shared->mutex);
        shared->classes = static_cast<int>(experiment->classNames().size());
      }
      runEveryJob<Row>(
          *sweep, *experiment,
          [shared](const JobProgress& p) {
            std::lock_guard<std::mutex> lock(shared->mutex);
            shared->latest = p;
          },
          [shared](const std::vector<Row>& rows) {
            std::lock_guard<std::mutex> lock(shared->mutex);
            shared->rows.insert(shared->rows.end(), rows.begin(), rows.end());
            shared->fresh.insert(shared->fresh.end(), rows.begin(), rows.end());
          },
          &shared->stop);
    };
  }
  void stop() {
    if (shared_) shared_->stop = true;
  }
  // Every row of the run so far.
  std::vector<Row> rows() const {
    if (!shared_) return {};
    std::lock_guard<std::mutex> lock(shared_->mutex);
    return shared_->rows;
  }
  int classCount() const {  // once the data is open, for the failed-run filter
    if (!shared_) return 0;
    std::lock_guard<std::mutex> lock(shared_->mutex);
    return shared_->classes;
  }
  // The latest progress and the rows that arrived since the last call.
  struct News {
    std::optional<JobProgress> progress;
    std::vector<Row> rows;
  };
  News take() {
    News news;
    if (!shared_) return news;
    std::lock_guard<std::mutex> lock(shared_->mutex);
    news.progress.swap(shared_->latest);
    news.rows.swap(shared_->fresh);
    return news;
  }

private:
  struct Shared {
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::optional<JobProgress> latest;
    std::vector<Row> rows, fresh;
    int classes = 0;
  };
  std::shared_ptr<Shared> shared_;
};

}  // namespace gaplab::app
