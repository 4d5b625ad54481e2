// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <vector>

#include "budget_figure.h"
#include "gaplab/budget.h"

namespace gaplab::app {

// Core's budget cells as the figure's plain points (cells whose every run
// the failed-run filter dropped have no mean and are left out).
inline std::vector<widgets::BudgetPoint> budgetPoints(const std::vector<BudgetCell>& cells) {
  std::vector<widgets::BudgetPoint> points;
  for (const auto& c : cells)
    if (c.runs > 0)
      points.push_back({QString::fromStdString(c.head), QString::fromStdString(c.regime), c.poisonPercent,
                        c.coverage90.mean, c.coverage90.std, c.asrMean.mean, c.asrMean.std});
  return points;
}

}  // namespace gaplab::app
