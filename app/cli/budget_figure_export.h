// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <string>
#include <vector>

#include "gaplab/budget.h"

namespace gaplab::cli {

// Writes the budget figure (PDF, SVG or PNG by `path`'s suffix) and its
// numbers as CSV (`csvPath`), off screen. Throws Error naming the file if
// either cannot be written.
void exportBudgetFigure(const std::vector<BudgetCell>& cells, const std::string& path, const std::string& csvPath);

}  // namespace gaplab::cli
