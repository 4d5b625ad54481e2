// SPDX-License-Identifier: GPL-3.0-or-later
#include "budget_figure.h"

#include <qcustomplot.h>

#include <algorithm>

namespace gaplab::widgets {

namespace {

QColor regimeColour(const QString& regime) {
  if (regime == "fixed") return QColor(0x1f, 0x77, 0xb4);
  if (regime == "random") return QColor(0xd6, 0x27, 0x28);
  return QColor(0x2c, 0xa0, 0x2c);  // random-pattern
}

void setUpAxes(QCPAxisRect* rect, const QString& valueLabel) {
  rect->axis(QCPAxis::atBottom)->setScaleType(QCPAxis::stLogarithmic);
  // Ticks at the poison levels themselves (setPoints), read without a log scale's help.
  rect->axis(QCPAxis::atBottom)->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
  rect->axis(QCPAxis::atBottom)->setLabel(QObject::tr("poison (% of training set)"));
  rect->axis(QCPAxis::atBottom)->setRange(0.1, 10);
  rect->axis(QCPAxis::atLeft)->setLabel(valueLabel);
  rect->axis(QCPAxis::atLeft)->setRange(-0.02, 1.02);
}

// Adds mean (a line with points) and mean +/- std (a band) to `rect`.
void addCurve(QCustomPlot* plot, QCPAxisRect* rect, const QString& name, const QColor& colour, Qt::PenStyle style,
              const QVector<double>& x, const QVector<double>& mean, const QVector<double>& std, bool inLegend) {
  QVector<double> low, high;
  for (int i = 0; i < x.size(); ++i) {
    low.push_back(std::max(0.0, mean[i] - std[i]));
    high.push_back(std::min(1.0, mean[i] + std[i]));
  }
  auto* lower = plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  auto* upper = plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  lower->setData(x, low, true);
  upper->setData(x, high, true);
  lower->setPen(Qt::NoPen);
  upper->setPen(Qt::NoPen);
  QColor fill = colour;
  fill.setAlpha(45);
  upper->setBrush(fill);
  upper->setChannelFillGraph(lower);
  lower->removeFromLegend();
  upper->removeFromLegend();
  auto* line = plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  line->setData(x, mean, true);
  line->setName(name);
  line->setPen(QPen(colour, 2, style));
  line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
  if (!inLegend) line->removeFromLegend();
}

}  // namespace

BudgetFigure::BudgetFigure(QWidget* parent) : FigureWidget(parent) {
  setFigureName("poison-budget");
  QCustomPlot* p = plot();
  p->plotLayout()->clear();
  // Two panels side by side in the first row, the legend across the second.
  auto* panels = new QCPLayoutGrid;
  p->plotLayout()->addElement(0, 0, panels);
  auto* coverage = new QCPAxisRect(p);
  auto* asr = new QCPAxisRect(p);
  panels->addElement(0, 0, coverage);
  panels->addElement(0, 1, asr);
  setUpAxes(coverage, tr("positions with ASR >= 90%"));
  setUpAxes(asr, tr("mean ASR over positions"));
  // The legend under both panels, never over a curve.
  p->legend = new QCPLegend;
  p->legend->setVisible(true);
  p->legend->setFont(QFont(font().family(), 8));
  p->legend->setFillOrder(QCPLegend::foColumnsFirst);
  p->legend->setWrap(3);
  p->plotLayout()->addElement(1, 0, p->legend);
  p->plotLayout()->setRowStretchFactor(1, 0.001);
  p->legend->setLayer("legend");
}

void BudgetFigure::setPoints(const std::vector<BudgetPoint>& points) {
  curves_.clear();
  for (const auto& point : points) {
    auto it = std::find_if(curves_.begin(), curves_.end(),
                           [&](const Curve& c) { return c.head == point.head && c.regime == point.regime; });
    if (it == curves_.end()) it = curves_.insert(curves_.end(), Curve{point.head, point.regime, {}});
    it->points.push_back(point);
  }
  QCustomPlot* p = plot();
  p->clearGraphs();
  auto* coverage = p->axisRect(0);
  auto* asr = p->axisRect(1);
  double lowest = 0, highest = 0;
  for (auto& curve : curves_) {
    std::stable_sort(curve.points.begin(), curve.points.end(),
                     [](const BudgetPoint& a, const BudgetPoint& b) { return a.percent < b.percent; });
    QVector<double> x, cMean, cStd, aMean, aStd;
    for (const auto& point : curve.points) {
      if (point.percent <= 0) continue;  // no place on a log axis
      x.push_back(point.percent);
      cMean.push_back(point.coverageMean);
      cStd.push_back(point.coverageStd);
      aMean.push_back(point.asrMean);
      aStd.push_back(point.asrStd);
      lowest = lowest == 0 ? point.percent : std::min(lowest, point.percent);
      highest = std::max(highest, point.percent);
    }
    const QString name = curve.head.toUpper() + ", " + curve.regime;
    const QColor colour = regimeColour(curve.regime);
    const Qt::PenStyle style = curve.head == "gap" ? Qt::SolidLine : Qt::DashLine;
    addCurve(p, coverage, name, colour, style, x, cMean, cStd, true);
    addCurve(p, asr, name, colour, style, x, aMean, aStd, false);
  }
  QVector<double> levels;
  for (const auto& curve : curves_)
    for (const auto& point : curve.points)
      if (point.percent > 0 && !levels.contains(point.percent)) levels.push_back(point.percent);
  std::sort(levels.begin(), levels.end());
  QVector<QString> labels;
  for (const double level : levels) labels.push_back(QString::number(level, 'g', 3));
  for (auto* rect : {coverage, asr}) {
    auto ticker = rect->axis(QCPAxis::atBottom)->ticker().dynamicCast<QCPAxisTickerText>();
    if (ticker) ticker->setTicks(levels, labels);
    if (highest > 0) rect->axis(QCPAxis::atBottom)->setRange(lowest / 1.5, highest * 1.5);
  }
  queueReplot();
}

int BudgetFigure::pointCount(int curve) const {
  return curve < 0 || curve >= curveCount() ? 0 : static_cast<int>(curves_[static_cast<std::size_t>(curve)].points.size());
}

QString BudgetFigure::csv() const {
  QString text = "head,regime,poison_pct,coverage_90_mean,coverage_90_std,asr_mean,asr_std\n";
  for (const auto& curve : curves_)
    for (const auto& p : curve.points)
      text += QString("%1,%2,%3,%4,%5,%6,%7\n")
                  .arg(p.head, p.regime)
                  .arg(p.percent, 0, 'g', 6)
                  .arg(p.coverageMean, 0, 'f', 6)
                  .arg(p.coverageStd, 0, 'f', 6)
                  .arg(p.asrMean, 0, 'f', 6)
                  .arg(p.asrStd, 0, 'f', 6);
  return text;
}

}  // namespace gaplab::widgets
