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
// The same from the CSV a budget figure exported (head,regime,poison_pct,...):
// a figure drawn again from its own numbers. Throws Error naming `figureCsv`.
void redrawBudgetFigure(const std::string& figureCsv, const std::string& path);
extern const char* const kBudgetFigureCsvHeader;

}  // namespace gaplab::cli
