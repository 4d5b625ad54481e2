// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QSize>
#include <QString>
#include <QWidget>

#include <functional>

class QCustomPlot;

namespace gaplab::widgets {

// A plot that can be exported for a paper: the picture as PDF, SVG or PNG
// (chosen by the file's suffix) at a publication size, and the numbers
// behind it as CSV. qcustomplot.h stays in the .cpp files: its bare
// `signals:` clashes with QT_NO_KEYWORDS users.
class FigureWidget : public QWidget {
  Q_OBJECT
public:
  explicit FigureWidget(QWidget* parent = nullptr);

  QCustomPlot* plot() const { return plot_; }
  QWidget* plotWidget() const;  // the QCustomPlot, for event routing in tests
  // A short file-name stem ("position-map-gap").
  QString figureName() const { return name_; }
  void setFigureName(const QString& name) { name_ = name; }
  virtual QString csv() const = 0;

  // Throws std::runtime_error naming the file if it cannot be written.
  void exportImage(const QString& path) const;
  void exportCsv(const QString& path) const;
  // 5 x 3.75 inches: fits a two-column paper's full width at 9-10 pt text.
  static QSize publicationSize() { return {360, 270}; }
  // The size exported: publicationSize() unless a figure needs more room
  // (two panels side by side).
  virtual QSize exportSize() const { return publicationSize(); }

protected:
  void queueReplot();

private:
  void reportErrors(const std::function<void()>& action);

public:

private:
  QCustomPlot* plot_;
  QString name_;
};

}  // namespace gaplab::widgets
