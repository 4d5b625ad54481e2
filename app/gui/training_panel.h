#pragma once
#include <QWidget>

#include <array>

#include "gaplab/training.h"
#include "heads.h"
#include "lab.h"

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
  void setLoading(const QString& what, int done, int total);
  void setModel(const LabModelInfo& info);
  void setRunning(bool running, const QString& message = {});
  widgets::CurvePlot* curves() const { return curves_; }
  QString summary() const;

Q_SIGNALS:
  void trainRequested();
  void cancelRequested();

private:
  struct Series {
    int trainLoss = -1, validationLoss = -1, validationAccuracy = -1;
  };
  Series& ensureSeries(Head head);

  QPushButton* train_;
  QPushButton* cancel_;
  QProgressBar* bar_;
  QLabel* status_;
  std::array<QLabel*, 2> models_;
  widgets::CurvePlot* curves_;
  std::array<Series, 2> series_;
};

}  // namespace gaplab::app
