// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QColor>
#include <QString>

#include <array>

#include "gaplab/architecture.h"

namespace gaplab::app {

// The two heads the lab compares, as array slots: FC first, GAP second.
inline constexpr std::array<Head, 2> kHeads{Head::Fc, Head::Gap};
inline int headSlot(Head head) { return head == Head::Fc ? 0 : 1; }
inline QString headName(Head head) { return head == Head::Fc ? QStringLiteral("FC") : QStringLiteral("GAP"); }
// Colour-blind-safe pair, the same everywhere: FC orange, GAP blue.
inline QColor headColour(Head head) { return head == Head::Fc ? QColor(230, 120, 20) : QColor(31, 119, 180); }

}  // namespace gaplab::app
