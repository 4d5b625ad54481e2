// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QStringList>
#include <QWidget>

#include <vector>

#include "gaplab/experiment_spec.h"
#include "gaplab/grid.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace gaplab::widgets {
class GridFigure;
}

namespace gaplab::app {

// The paper's experiment for the current setup: one model per (head,
// training position, repetition), each attacked at every test position.
// Shows the paper-style figure and the mean ± std table, updated as rows arrive.
class GridPanel : public QWidget {
  Q_OBJECT
public:
  explicit GridPanel(QWidget* parent = nullptr);
  int reps() const;
  void setRows(const std::vector<GridRow>& rows, const ExperimentSpec& spec);
  const std::vector<GridRow>& rows() const { return rows_; }
  void setRunning(bool running);
  void setProgress(int training, int trainings, const QString& label, int epoch, int epochs);
  void setMessage(const QString& message);
  widgets::GridFigure* figure() const { return figure_; }
  QString tableCsv() const;

Q_SIGNALS:
  void runRequested();
  void cancelRequested();

private:
  QSpinBox* reps_;
  QPushButton* run_;
  QPushButton* cancel_;
  QProgressBar* bar_;
  QLabel* status_;
  widgets::GridFigure* figure_;
  QTableWidget* table_;
  std::vector<GridRow> rows_;
};

}  // namespace gaplab::app
