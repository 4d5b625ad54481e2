// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Small helpers the Setup panel and each modality's trigger rows share.
#include <QStringList>

#include <string>
#include <vector>

class QComboBox;
class QSpinBox;
class QWidget;

namespace gaplab::app {

QStringList toQt(const std::vector<std::string>& values);
// An integer box in [min, max] with a tooltip, accelerated for long ranges.
QSpinBox* spin(int min, int max, const QString& tip, QWidget* parent);
// Selects `text` in `box`; an editable box shows it even when not listed.
void selectText(QComboBox* box, const QString& text);

}  // namespace gaplab::app
