// SPDX-License-Identifier: GPL-3.0-or-later
#include "map_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "position_map_view.h"

namespace gaplab::app {

MapPanel::MapPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* row = new QHBoxLayout;
  stride_ = new QSpinBox(this);
  stride_->setRange(1, 64);
  stride_->setValue(1);
  stride_->setPrefix(tr("stride "));
  stride_->setToolTip(tr("Distance between measured positions (pixels, frames or tokens)"));
  precision_ = new QComboBox(this);
  precision_->addItems({tr("±2% (fast)"), tr("±5% (fastest)"), tr("exact")});
  precision_->setToolTip(tr("Each position's test inputs are measured until the 95% interval is this narrow"));
  run_ = new QPushButton(tr("Map positions"), this);
  run_->setToolTip(tr("Measure the ASR at every trigger position for each trained model"));
  cancel_ = new QPushButton(tr("Stop"), this);
  cancel_->setEnabled(false);
  status_ = new QLabel(this);
  row->addWidget(stride_);
  row->addWidget(precision_);
  row->addWidget(run_);
  row->addWidget(cancel_);
  row->addWidget(status_, 1);
  layout->addLayout(row);
  auto* splitter = new QSplitter(Qt::Horizontal, this);
  for (const Head head : kHeads) {
    auto* view = new widgets::PositionMapView(splitter);
    view->setFigureName(QString("position-map-%1").arg(headName(head).toLower()));
    view->setGrid({}, {}, tr("%1: not mapped yet").arg(headName(head)));
    connect(view, &widgets::PositionMapView::positionClicked, this, &MapPanel::positionClicked);
    views_[static_cast<std::size_t>(headSlot(head))] = view;
    splitter->addWidget(view);
  }
  layout->addWidget(splitter, 1);
  connect(run_, &QPushButton::clicked, this, &MapPanel::runRequested);
  connect(cancel_, &QPushButton::clicked, this, &MapPanel::cancelRequested);
}

int MapPanel::stride() const { return stride_->value(); }
void MapPanel::setStride(int stride) { stride_->setValue(stride); }
void MapPanel::setPrecision(double halfWidth) { precision_->setCurrentIndex(halfWidth == 0.02 ? 0 : halfWidth == 0.05 ? 1 : 2); }

double MapPanel::halfWidth() const {
  switch (precision_->currentIndex()) {
    case 0: return 0.02;
    case 1: return 0.05;
    default: return 0.0;
  }
}

void MapPanel::setRunning(bool running) {
  run_->setEnabled(!running);
  cancel_->setEnabled(running);
}

void MapPanel::setProgress(int done, int total) {
  status_->setText(total > 0 ? tr("%1 / %2 positions").arg(done).arg(total) : QString());
}

void MapPanel::setMessage(const QString& message) { status_->setText(message); }

}  // namespace gaplab::app
