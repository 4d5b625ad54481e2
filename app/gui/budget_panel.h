// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QStringList>
#include <QWidget>

#include <vector>

#include "gaplab/budget.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace gaplab::widgets {
class BudgetFigure;
}

namespace gaplab::app {

// The poison budget for the current setup: how much poison each head needs
// for a backdoor that fires at every position, the poison at one position
// (fixed) or at a random one per input (random, random-pattern). The figure
// draws each cell as its models finish.
class BudgetPanel : public QWidget {
  Q_OBJECT
public:
  explicit BudgetPanel(QWidget* parent = nullptr);
  // The panel's choices, from a spec's budget settings (or defaults).
  void setDefaults(const ExperimentSpec& spec);
  // The sweep the panel asks for, on `spec` (the current setup). Throws Error naming a bad level.
  BudgetPlan plan(const ExperimentSpec& spec) const;
  bool dropFailed() const;
  void setRows(const std::vector<BudgetRow>& rows, int classes);
  void setRunning(bool running);
  void setProgress(int training, int trainings, const QString& label, int epoch, int epochs);
  void setMessage(const QString& message);
  widgets::BudgetFigure* figure() const { return figure_; }

Q_SIGNALS:
  void runRequested();
  void cancelRequested();

private:
  QLineEdit* levels_;
  std::vector<QCheckBox*> regimes_;  // allPoisonRegimes() order
  QSpinBox* reps_;
  QSpinBox* stride_;
  QCheckBox* dropFailed_;
  QPushButton* run_;
  QPushButton* cancel_;
  QProgressBar* bar_;
  QLabel* status_;
  QLabel* thresholds_;
  widgets::BudgetFigure* figure_;
};

}  // namespace gaplab::app
