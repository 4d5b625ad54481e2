// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QWidget>

#include <array>

#include "gaplab/training.h"
#include "heads.h"
#include "lab.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace gaplab::widgets {
class CurvePlot;
}

namespace gaplab::app {

// Training of a workspace's models: a progress bar, what is running, the
// live loss and accuracy curves per head, and a cancel button.
class TrainingPanel : public QWidget {
  Q_OBJECT
public:
  explicit TrainingPanel(QWidget* parent = nullptr);

  void startRun(const std::vector<Head>& heads);  // clears those heads' curves
  void setProgress(const QString& head, int epoch, int epochs, int batch, int batches, double loss);
  void addEpoch(Head head, const EpochReport& report);
  // The backdoor as it is learned: after `epochs` epochs (fractional), on the probe's inputs.
  void addProbe(Head head, double epochs, double cleanAccuracy, double asrTrain, double asrOff, double robustTrain);
  // Where the off-position curve measures (a named placement); the list and
  // the default come from the experiment.
  void setOffPositions(const QStringList& names, const QString& chosen);
  QString offPosition() const;
  void setPaused(bool paused);
  void setLoading(const QString& what, int done, int total);
  void setModel(const LabModelInfo& info);
  void setRunning(bool running, const QString& message = {});
  widgets::CurvePlot* curves() const { return curves_; }
  QString summary() const;

Q_SIGNALS:
  void trainRequested();
  void cancelRequested();
  void pauseToggled(bool paused);
  void stepRequested();

private:
  struct Series {
    int trainLoss = -1, validationLoss = -1, validationAccuracy = -1;
    int asrTrain = -1, asrOff = -1, robustTrain = -1, clean = -1;
  };
  Series& ensureSeries(Head head);

  QPushButton* train_;
  QPushButton* cancel_;
  QPushButton* pause_;
  QPushButton* step_;
  QComboBox* offPosition_;
  QProgressBar* bar_;
  QLabel* status_;
  std::array<QLabel*, 2> models_;
  widgets::CurvePlot* curves_;
  std::array<Series, 2> series_;
};

}  // namespace gaplab::app
