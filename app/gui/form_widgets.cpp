// SPDX-License-Identifier: GPL-3.0-or-later
#include "form_widgets.h"

#include <QComboBox>
#include <QSpinBox>

namespace gaplab::app {

QStringList toQt(const std::vector<std::string>& values) {
  QStringList list;
  for (const auto& v : values) list << QString::fromStdString(v);
  return list;
}

QSpinBox* spin(int min, int max, const QString& tip, QWidget* parent) {
  auto* box = new QSpinBox(parent);
  box->setRange(min, max);
  box->setToolTip(tip);
  box->setAccelerated(true);
  return box;
}

void selectText(QComboBox* box, const QString& text) {
  const int index = box->findText(text);
  if (index >= 0) box->setCurrentIndex(index);
  else if (box->isEditable()) box->setEditText(text);
}

}  // namespace gaplab::app
