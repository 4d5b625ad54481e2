// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What `gaplab-cli detect` writes beside report.json: each class's reversed
// mask and pattern (PNG and CSV), STRIP's entropies and their histograms
// (CSV), the filters' per-sample scores (CSV). Every file is written atomically.
#include <string>

#include "gaplab/defences.h"

namespace gaplab::cli {

void writeDefenceOutputs(const DefenceReport& report, const std::string& outDir);

}  // namespace gaplab::cli
