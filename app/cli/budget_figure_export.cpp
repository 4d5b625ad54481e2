// SPDX-License-Identifier: GPL-3.0-or-later
#include "budget_figure_export.h"

#include <QApplication>

#include <stdexcept>

#include "budget_figure.h"
#include "budget_points.h"
#include "gaplab/error.h"

namespace gaplab::cli {

void exportBudgetFigure(const std::vector<BudgetCell>& cells, const std::string& path, const std::string& csvPath) {
  // The figure is a Qt widget: draw it without a display.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  int argc = 1;
  char name[] = "gaplab-cli";
  char* argv[] = {name, nullptr};
  QApplication application(argc, argv);
  widgets::BudgetFigure figure;
  figure.setPoints(app::budgetPoints(cells));
  try {
    figure.exportImage(QString::fromStdString(path));
    figure.exportCsv(QString::fromStdString(csvPath));
  } catch (const std::runtime_error& e) {
    throw Error(e.what());
  }
}

}  // namespace gaplab::cli
