// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QObject>
#include <QString>

#include <vector>

#include "gaplab/experiment_spec.h"
#include "gaplab/grid.h"
#include "queued_job.h"
#include "sweep_run.h"

namespace gaplab::app {

// Runs a grid of trainings (core's GridSweep) on a worker thread and reports to
// the GUI thread: progress at most every 40 ms (the latest state, never a
// backlog), each finished row, and the end. cancel() stops within one batch;
// the destructor cancels and waits, so no worker outlives the window.
class TrainingController : public QueuedJob {
  Q_OBJECT
public:
  explicit TrainingController(QObject* parent = nullptr);
  ~TrainingController() override;

  // Starts a run; returns false (and does nothing) if one is running.
  bool start(const ExperimentSpec& spec);
  void cancel();
  std::vector<GridRow> rows() const;

Q_SIGNALS:
  void progress(int training, int trainings, const QString& label, int epoch, int epochs, int batch, int batches,
                double loss);
  void rowFinished(const QString& head, const QString& trainPosition, const QString& testPosition,
                   double cleanAccuracy, double asr);

private:
  void publish() override;  // on the GUI thread, from the timer

  SweepRun<GridRow> run_;
};

}  // namespace gaplab::app
