// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspection_panel.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>

#include "probability_bars.h"

namespace gaplab::app {

InspectionPanel::InspectionPanel(QWidget* parent) : QWidget(parent) {
  auto* grid = new QGridLayout(this);
  for (const Head head : kHeads) {
    const int column = headSlot(head);
    Column& c = columns_[static_cast<std::size_t>(column)];
    c.title = new QLabel(QString("<b>%1</b>").arg(headName(head)), this);
    c.bars = new widgets::ProbabilityBars(this);
    c.asr = new QLabel(this);
    c.asr->setFont(asrFont());
    c.asr->setStyleSheet(QString("color: %1").arg(headColour(head).name()));
    c.detail = new QLabel(this);
    c.detail->setWordWrap(true);
    grid->addWidget(c.title, 0, column);
    grid->addWidget(c.asr, 1, column);
    grid->addWidget(c.detail, 2, column);
    grid->addWidget(c.bars, 3, column);
    clear(head, tr("not trained"));
  }
  auto* row = new QFormLayout;
  mapHead_ = new QComboBox(this);
  mapHead_->addItems({tr("GAP model"), tr("FC model"), tr("none")});
  mapHead_->setToolTip(tr("Whose class activation map to draw over the input (CAM for GAP, Grad-CAM for FC)"));
  row->addRow(tr("Activation map of"), mapHead_);
  grid->addLayout(row, 4, 0, 1, 2);
  grid->setRowStretch(5, 1);
  connect(mapHead_, &QComboBox::currentIndexChanged, this, &InspectionPanel::mapHeadChanged);
}

QFont InspectionPanel::asrFont() const {
  QFont big = font();
  big.setPointSizeF(big.pointSizeF() * 1.8);
  big.setBold(true);
  return big;
}

void InspectionPanel::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::FontChange)
    for (Column& c : columns_) c.asr->setFont(asrFont());
}

void InspectionPanel::setClasses(const QStringList& names, int target) {
  for (Column& c : columns_) {
    c.bars->setClasses(names);
    c.bars->setTarget(target);
  }
}

void InspectionPanel::setInspection(Head head, const Inspection& inspection) {
  Column& c = columns_[static_cast<std::size_t>(headSlot(head))];
  c.bars->setProbabilities(inspection.probabilities);
  c.bars->setTitle(inspection.truncated ? tr("prediction (trigger cut off by truncation)") : tr("prediction"));
}

void InspectionPanel::setAsr(Head head, double asr, double low, double high, int evaluated, bool final) {
  Column& c = columns_[static_cast<std::size_t>(headSlot(head))];
  c.asr->setText(tr("ASR %1%").arg(100 * asr, 0, 'f', 1));
  c.detail->setText(final ? tr("exact, over %1 test inputs (95%: %2–%3%)")
                                .arg(evaluated)
                                .arg(100 * low, 0, 'f', 1)
                                .arg(100 * high, 0, 'f', 1)
                          : tr("estimate from %1 inputs, 95%: %2–%3%… refining")
                                .arg(evaluated)
                                .arg(100 * low, 0, 'f', 1)
                                .arg(100 * high, 0, 'f', 1));
}

void InspectionPanel::clear(Head head, const QString& why) {
  Column& c = columns_[static_cast<std::size_t>(headSlot(head))];
  c.asr->setText(tr("ASR –"));
  c.detail->setText(why);
  c.bars->setProbabilities({});
}

std::optional<Head> InspectionPanel::mapHead() const {
  switch (mapHead_->currentIndex()) {
    case 0: return Head::Gap;
    case 1: return Head::Fc;
    default: return std::nullopt;
  }
}

QString InspectionPanel::asrText(Head head) const { return columns_[static_cast<std::size_t>(headSlot(head))].asr->text(); }

}  // namespace gaplab::app
