// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QObject>
#include <QString>

#include <vector>

#include "gaplab/budget.h"
#include "queued_job.h"
#include "sweep_run.h"

namespace gaplab::app {

// Runs a poison-budget sweep (core's BudgetSweep) as one queued torch job
// and reports to the GUI thread: progress at most every 40 ms, each finished
// model's row, and the end. cancel() stops within one batch; the destructor
// cancels and waits.
class BudgetController : public QueuedJob {
  Q_OBJECT
public:
  explicit BudgetController(QObject* parent = nullptr);
  ~BudgetController() override;

  // Starts a sweep; returns false if one is running. Throws Error for a bad plan.
  bool start(const BudgetPlan& plan);
  void cancel();
  std::vector<BudgetRow> rows() const;
  int classCount() const;  // once the data is open, for the failed-run filter

Q_SIGNALS:
  void progress(int training, int trainings, const QString& label, int epoch, int epochs);
  void rowFinished();

private:
  void publish() override;

  SweepRun<BudgetRow> run_;
};

}  // namespace gaplab::app
