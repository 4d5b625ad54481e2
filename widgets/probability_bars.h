// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QStringList>
#include <QWidget>

#include <vector>

namespace gaplab::widgets {

// The model's class probabilities as horizontal bars, the predicted class
// bold and the attack's target class marked, readable on a projector.
class ProbabilityBars : public QWidget {
  Q_OBJECT
public:
  explicit ProbabilityBars(QWidget* parent = nullptr);
  void setClasses(const QStringList& names);
  void setProbabilities(const std::vector<float>& probabilities);
  void setTarget(int target);
  void setTitle(const QString& title);
  int predicted() const;
  int rows() const { return static_cast<int>(names_.size()); }
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;
  // Where row `row`'s percentage is drawn: wide enough for a bold "100.0%"
  // in the widget's font, whatever its size or the screen's scaling.
  QRect percentRect(int row) const;

protected:
  void paintEvent(QPaintEvent* event) override;

private:
  int labelWidth() const;
  int rowHeight() const;
  int percentWidth() const;

  QStringList names_;
  std::vector<float> probabilities_;
  int target_ = -1;
  QString title_;
};

}  // namespace gaplab::widgets
