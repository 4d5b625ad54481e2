// SPDX-License-Identifier: GPL-3.0-or-later
#include "budget_figure_export.h"

#include <QApplication>
#include <QFile>

#include <clocale>
#include <stdexcept>

#include "budget_figure.h"
#include "budget_points.h"
#include "gaplab/error.h"

namespace gaplab::cli {

const char* const kBudgetFigureCsvHeader = "head,regime,poison_pct,coverage_90_mean,coverage_90_std,asr_mean,asr_std";

namespace {

// Draws `points` off screen (the figure is a Qt widget) to `path`, and its CSV to `csvPath` if given.
void draw(const std::vector<widgets::BudgetPoint>& points, const std::string& path, const std::string& csvPath) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  int argc = 1;
  char name[] = "gaplab-cli";
  char* argv[] = {name, nullptr};
  QApplication application(argc, argv);
  std::setlocale(LC_NUMERIC, "C");  // Qt took the user's: the figure's CSV writes "0.5" everywhere
  widgets::BudgetFigure figure;
  figure.setPoints(points);
  try {
    figure.exportImage(QString::fromStdString(path));
    if (!csvPath.empty()) figure.exportCsv(QString::fromStdString(csvPath));
  } catch (const std::runtime_error& e) {
    throw Error(e.what());
  }
}

}  // namespace

void exportBudgetFigure(const std::vector<BudgetCell>& cells, const std::string& path, const std::string& csvPath) {
  draw(app::budgetPoints(cells), path, csvPath);
}

void redrawBudgetFigure(const std::string& figureCsv, const std::string& path) {
  QFile file(QString::fromStdString(figureCsv));
  if (!file.open(QIODevice::ReadOnly)) throw Error(figureCsv + ": cannot read");
  const auto lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
  if (lines.isEmpty() || lines.front() != kBudgetFigureCsvHeader) throw Error(figureCsv + ": not a budget figure's CSV");
  std::vector<widgets::BudgetPoint> points;
  for (int i = 1; i < lines.size(); ++i) {
    const auto f = lines[i].split(',');
    bool ok = f.size() == 7;
    std::vector<double> v;
    for (int k = 2; ok && k < 7; ++k) v.push_back(f[k].toDouble(&ok));
    if (!ok) throw Error(figureCsv + ": line " + std::to_string(i + 1) + " is not head,regime and five numbers");
    points.push_back({f[0], f[1], v[0], v[1], v[2], v[3], v[4]});
  }
  draw(points, path, {});
}

}  // namespace gaplab::cli
