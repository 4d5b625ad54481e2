// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QWidget>

#include <array>
#include <optional>
#include <vector>

#include "gaplab/defences.h"

class QComboBox;
class QGridLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace gaplab::widgets {
class DefenceFigure;
}

namespace gaplab::app {

// The defences on the current setup's FC and GAP models side by side: does
// the GAP model's backdoor escape the defence that catches the FC model's?
// Neural Cleanse shows the anomaly index per class (threshold 2) and each
// class's reversed trigger over the current input, flagged classes first;
// STRIP the entropies of clean and triggered inputs with the trigger where
// it is now (it follows the drag); AC and SS the target label's samples.
class DefencesPanel : public QWidget {
  Q_OBJECT
public:
  explicit DefencesPanel(QWidget* parent = nullptr);
  DefenceMethod method() const;
  DefenceSettings settings() const;
  void setRunning(bool running);
  void setProgress(const QString& head, const QString& stage, int done, int total, double secondsLeft);
  void setMessage(const QString& message);
  // A head's report (slot 0 FC, 1 GAP); nullopt clears it.
  void setReport(int slot, const std::optional<DefenceReport>& report);
  // STRIP with the trigger at the current position (an estimate while dragging).
  void setFollowedStrip(int slot, const DefenceReport& report, bool estimate);
  // The input the reversed triggers are drawn over: rows x cols, first channel.
  void setCurrentInput(const std::vector<float>& pixels, int rows, int cols);
  widgets::DefenceFigure* figure(int slot) const { return figures_[static_cast<std::size_t>(slot)]; }
  QString summary(int slot) const;
  int thumbnailCount(int slot) const;

Q_SIGNALS:
  void runRequested();
  void cancelRequested();

private:
  void showReport(int slot);
  void showThumbnails(int slot);

  QComboBox* method_;
  QSpinBox* steps_;
  QSpinBox* overlays_;
  QPushButton* run_;
  QPushButton* cancel_;
  QProgressBar* bar_;
  QLabel* status_;
  std::array<QLabel*, 2> summaries_{};
  std::array<widgets::DefenceFigure*, 2> figures_{};
  std::array<QGridLayout*, 2> thumbnails_{};
  std::array<std::optional<DefenceReport>, 2> reports_;
  std::vector<float> input_;
  int inputRows_ = 0, inputCols_ = 0;
};

}  // namespace gaplab::app
