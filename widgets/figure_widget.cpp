// SPDX-License-Identifier: GPL-3.0-or-later
#include "figure_widget.h"

#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QFileInfo>
#include <QSvgGenerator>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <stdexcept>

#include "text_file.h"

namespace gaplab::widgets {

FigureWidget::FigureWidget(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(plot_);
  plot_->setMinimumSize(200, 150);
  plot_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(plot_, &QWidget::customContextMenuRequested, this, [this](QPoint at) {
    QMenu menu(this);
    menu.addAction(tr("Export figure (PDF, SVG, PNG)…"), this, [this] {
      const QString path = QFileDialog::getSaveFileName(this, tr("Export figure"), name_ + ".pdf",
                                                        tr("PDF (*.pdf);;SVG (*.svg);;PNG (*.png)"));
      if (!path.isEmpty()) reportErrors([&] { exportImage(path); });
    });
    menu.addAction(tr("Export data (CSV)…"), this, [this] {
      const QString path = QFileDialog::getSaveFileName(this, tr("Export data"), name_ + ".csv", tr("CSV (*.csv)"));
      if (!path.isEmpty()) reportErrors([&] { exportCsv(path); });
    });
    menu.exec(plot_->mapToGlobal(at));
  });
}

void FigureWidget::reportErrors(const std::function<void()>& action) {
  try {
    action();
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Export failed"), QString::fromUtf8(e.what()));
  }
}

QWidget* FigureWidget::plotWidget() const { return plot_; }

void FigureWidget::queueReplot() { plot_->replot(QCustomPlot::rpQueuedReplot); }

void FigureWidget::exportImage(const QString& path) const {
  const QString suffix = QFileInfo(path).suffix().toLower();
  const QSize size = exportSize();
  // Written beside the target and renamed over it: a reader never sees half a figure.
  const QString temporary = path + ".part." + suffix;
  bool ok = false;
  if (suffix == "pdf") {
    ok = plot_->savePdf(temporary, size.width(), size.height(), QCP::epNoCosmetic, "gaplab", name_);
  } else if (suffix == "png") {
    ok = plot_->savePng(temporary, size.width(), size.height(), 300.0 / 72.0, -1, 300, QCP::ruDotsPerInch);
  } else if (suffix == "svg") {
    QSvgGenerator generator;
    generator.setFileName(temporary);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(name_);
    generator.setDescription("gaplab figure");
    QCPPainter painter;
    ok = painter.begin(&generator);
    if (ok) {
      plot_->toPainter(&painter, size.width(), size.height());
      ok = painter.end();
    }
  } else {
    throw std::runtime_error("cannot export '" + path.toStdString() + "': the suffix must be .pdf, .svg or .png");
  }
  if (!ok || !QFileInfo(temporary).exists() || QFileInfo(temporary).size() == 0) {
    QFile::remove(temporary);
    throw std::runtime_error("could not write '" + path.toStdString() + "'");
  }
  replaceFile(temporary, path);
}

void FigureWidget::exportCsv(const QString& path) const { writeTextFile(path, csv()); }

}  // namespace gaplab::widgets
