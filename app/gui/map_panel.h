// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QPoint>
#include <QWidget>

#include <array>

#include "heads.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace gaplab::widgets {
class PositionMapView;
}

namespace gaplab::app {

// The position map: ASR at every trigger position, FC and GAP side by side,
// filled in as the sweep runs. A click on a cell moves the trigger there.
class MapPanel : public QWidget {
  Q_OBJECT
public:
  explicit MapPanel(QWidget* parent = nullptr);
  widgets::PositionMapView* view(Head head) const { return views_[static_cast<std::size_t>(headSlot(head))]; }
  int stride() const;
  void setStride(int stride);
  void setPrecision(double halfWidth);  // 0.02, 0.05 or 0 (exact)
  double halfWidth() const;  // 0: exact
  void setRunning(bool running);
  void setProgress(int done, int total);
  void setMessage(const QString& message);

Q_SIGNALS:
  void runRequested();
  void cancelRequested();
  void positionClicked(QPoint position);

private:
  std::array<widgets::PositionMapView*, 2> views_;
  QSpinBox* stride_;
  QComboBox* precision_;
  QPushButton* run_;
  QPushButton* cancel_;
  QLabel* status_;
};

}  // namespace gaplab::app
