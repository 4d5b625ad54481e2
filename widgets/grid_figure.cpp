// SPDX-License-Identifier: GPL-3.0-or-later
#include "grid_figure.h"

#include <qcustomplot.h>

namespace gaplab::widgets {

GridFigure::GridFigure(QWidget* parent) : FigureWidget(parent) {
  plot()->xAxis->setLabel(tr("test position"));
  plot()->yAxis->setLabel(tr("ASR (%)"));
  plot()->yAxis->setRange(0, 105);
  plot()->legend->setVisible(true);
  plot()->legend->setFont(QFont(font().family(), 8));
  // The legend gets its own column right of the axes, so it never hides a line.
  plot()->axisRect()->insetLayout()->take(plot()->legend);
  plot()->plotLayout()->addElement(0, 1, plot()->legend);
  plot()->plotLayout()->setColumnStretchFactor(1, 0.001);
}

void GridFigure::setData(const QStringList& testPositions, const std::vector<GridLine>& lines) {
  testPositions_ = testPositions;
  lines_ = lines;
  plot()->clearPlottables();
  const QList<QColor> palette{QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44),
                              QColor(214, 39, 40),  QColor(148, 103, 189), QColor(140, 86, 75)};
  QStringList trainPositions;
  for (const GridLine& line : lines)
    if (!trainPositions.contains(line.trainPosition)) trainPositions << line.trainPosition;
  QVector<double> keys;
  for (int i = 0; i < testPositions.size(); ++i) keys << i;
  for (const GridLine& line : lines) {
    const QColor colour = palette[trainPositions.indexOf(line.trainPosition) % palette.size()];
    QCPGraph* graph = plot()->addGraph();
    graph->setName(QString("%1, poisoned @ %2").arg(line.head.toUpper(), line.trainPosition));
    graph->setPen(QPen(colour, 2, line.head == "gap" ? Qt::SolidLine : Qt::DashDotLine));
    graph->setScatterStyle(QCPScatterStyle(line.head == "gap" ? QCPScatterStyle::ssDisc : QCPScatterStyle::ssSquare, 6));
    QVector<double> values, errors;
    for (int i = 0; i < testPositions.size(); ++i) {
      values << (i < int(line.mean.size()) ? 100 * line.mean[static_cast<std::size_t>(i)] : qQNaN());
      errors << (i < int(line.std.size()) ? 100 * line.std[static_cast<std::size_t>(i)] : 0.0);
    }
    graph->setData(keys, values);
    auto* bars = new QCPErrorBars(plot()->xAxis, plot()->yAxis);
    bars->removeFromLegend();
    bars->setDataPlottable(graph);
    bars->setData(errors);
    bars->setPen(QPen(colour, 1));
  }
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  for (int i = 0; i < testPositions.size(); ++i) ticker->addTick(i, testPositions[i]);
  plot()->xAxis->setTicker(ticker);
  plot()->xAxis->setRange(-0.3, std::max<int>(1, int(testPositions.size())) - 0.7);
  queueReplot();
}

QString GridFigure::csv() const {
  QString text = "head,pos_train,pos_test,asr_mean,asr_std\n";
  for (const GridLine& line : lines_)
    for (int i = 0; i < testPositions_.size() && i < int(line.mean.size()); ++i)
      text += QString("%1,%2,%3,%4,%5\n")
                  .arg(line.head, line.trainPosition, testPositions_[i])
                  .arg(line.mean[static_cast<std::size_t>(i)], 0, 'g', 6)
                  .arg(i < int(line.std.size()) ? line.std[static_cast<std::size_t>(i)] : 0.0, 0, 'g', 6);
  return text;
}

}  // namespace gaplab::widgets
