// SPDX-License-Identifier: GPL-3.0-or-later
#include "training_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "curve_plot.h"

namespace gaplab::app {

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* row = new QHBoxLayout;
  train_ = new QPushButton(tr("Train"), this);
  train_->setToolTip(tr("Train the chosen heads (F5); a model trained before with the same settings is loaded"));
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setToolTip(tr("Stop the running job (Esc)"));
  cancel_->setEnabled(false);
  bar_ = new QProgressBar(this);
  bar_->setRange(0, 1000);
  bar_->setValue(0);
  bar_->setTextVisible(false);
  pause_ = new QPushButton(tr("Pause"), this);
  pause_->setCheckable(true);
  pause_->setToolTip(tr("Hold the training before its next batch (for a lecture)"));
  pause_->setEnabled(false);
  step_ = new QPushButton(tr("Step epoch"), this);
  step_->setToolTip(tr("Run to the end of the current epoch, then hold again"));
  step_->setEnabled(false);
  row->addWidget(train_);
  row->addWidget(cancel_);
  row->addWidget(pause_);
  row->addWidget(step_);
  row->addWidget(bar_, 1);
  layout->addLayout(row);
  auto* probeRow = new QHBoxLayout;
  offPosition_ = new QComboBox(this);
  offPosition_->setObjectName("offPosition");
  offPosition_->setToolTip(tr("Where the \"ASR off\" curves put the trigger: a position never poisoned"));
  // Labels that may run long wrap: a dock's minimum width is its widest
  // unwrapped line, and the left dock, the input and the inspection must
  // fit side by side on a 1280-px projector.
  auto* watch = new QLabel(tr("Watch the backdoor at the poisoned position and at"), this);
  watch->setWordWrap(true);
  probeRow->addWidget(watch, 1);
  probeRow->addWidget(offPosition_);
  layout->addLayout(probeRow);
  status_ = new QLabel(tr("No model yet: press Train."), this);
  status_->setWordWrap(true);
  status_->setTextFormat(Qt::AutoText);
  status_->setOpenExternalLinks(true);
  layout->addWidget(status_);
  for (const Head head : kHeads) {
    auto* label = new QLabel(this);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    models_[static_cast<std::size_t>(headSlot(head))] = label;
    layout->addWidget(label);
  }
  curves_ = new widgets::CurvePlot(this);
  curves_->setFigureName("training-curves");
  layout->addWidget(curves_, 1);
  connect(train_, &QPushButton::clicked, this, &TrainingPanel::trainRequested);
  connect(cancel_, &QPushButton::clicked, this, &TrainingPanel::cancelRequested);
  connect(pause_, &QPushButton::toggled, this, [this](bool paused) {
    pause_->setText(paused ? tr("Resume") : tr("Pause"));
    Q_EMIT pauseToggled(paused);
  });
  connect(step_, &QPushButton::clicked, this, [this] {
    setPaused(true);
    Q_EMIT stepRequested();
  });
}

void TrainingPanel::setPaused(bool paused) {
  const QSignalBlocker blocker(pause_);
  pause_->setChecked(paused);
  pause_->setText(paused ? tr("Resume") : tr("Pause"));
}

void TrainingPanel::setOffPositions(const QStringList& names, const QString& chosen) {
  const QSignalBlocker blocker(offPosition_);
  offPosition_->clear();
  offPosition_->addItems(names);
  offPosition_->setCurrentText(chosen);
}

QString TrainingPanel::offPosition() const { return offPosition_->currentText(); }

void TrainingPanel::addProbe(Head head, double epochs, double cleanAccuracy, double asrTrain, double asrOff,
                             double robustTrain) {
  Series& s = ensureSeries(head);
  if (s.asrTrain < 0) {
    const QString name = headName(head);
    const QColor colour = headColour(head);
    s.asrTrain = curves_->addSeries(name + tr(" ASR poisoned pos."), colour, Qt::SolidLine, true);
    s.asrOff = curves_->addSeries(name + tr(" ASR at %1").arg(offPosition()), colour.lighter(130), Qt::DashDotLine, true);
    s.robustTrain = curves_->addSeries(name + tr(" R-Acc"), colour.darker(170), Qt::DotLine, true);
    s.clean = curves_->addSeries(name + tr(" clean acc"), colour.darker(120), Qt::DashLine, true);
  }
  curves_->append(s.asrTrain, epochs, asrTrain);
  curves_->append(s.asrOff, epochs, asrOff);
  curves_->append(s.robustTrain, epochs, robustTrain);
  curves_->append(s.clean, epochs, cleanAccuracy);
}

TrainingPanel::Series& TrainingPanel::ensureSeries(Head head) {
  Series& s = series_[static_cast<std::size_t>(headSlot(head))];
  if (s.trainLoss < 0) {
    const QString name = headName(head);
    const QColor colour = headColour(head);
    s.trainLoss = curves_->addSeries(name + tr(" train loss"), colour, Qt::SolidLine);
    s.validationLoss = curves_->addSeries(name + tr(" val loss"), colour, Qt::DashLine);
    s.validationAccuracy = curves_->addSeries(name + tr(" val acc"), colour.darker(140), Qt::DotLine, true);
  }
  return s;
}

void TrainingPanel::startRun(const std::vector<Head>& heads) {
  // Curves of heads not being retrained stay; QCustomPlot cannot drop single graphs cheaply, so start over.
  curves_->clear();
  series_ = {};
  for (const Head head : heads) models_[static_cast<std::size_t>(headSlot(head))]->clear();
  bar_->setValue(0);
  setRunning(true, tr("Loading data…"));
}

void TrainingPanel::setProgress(const QString& head, int epoch, int epochs, int batch, int batches, double loss) {
  const double done = epochs > 0 && batches > 0 ? (epoch + double(batch) / batches) / epochs : 0.0;
  bar_->setValue(int(done * 1000));
  status_->setText(tr("Training %1: epoch %2/%3, batch %4/%5, loss %6")
                       .arg(head.toUpper())
                       .arg(epoch + 1)
                       .arg(epochs)
                       .arg(batch)
                       .arg(batches)
                       .arg(loss, 0, 'f', 4));
}

void TrainingPanel::setLoading(const QString& what, int done, int total) {
  bar_->setValue(total > 0 ? int(1000.0 * done / total) : 0);
  status_->setText(tr("Preparing the data the first time: %1, %2 of %3…").arg(what).arg(done).arg(total));
}

void TrainingPanel::addEpoch(Head head, const EpochReport& report) {
  const Series& s = ensureSeries(head);
  curves_->append(s.trainLoss, report.epoch + 1, report.trainLoss);
  curves_->append(s.validationLoss, report.epoch + 1, report.validationLoss);
  curves_->append(s.validationAccuracy, report.epoch + 1, report.validationAccuracy);
}

void TrainingPanel::setModel(const LabModelInfo& info) {
  for (const auto& report : info.history)
    if (info.fromCache) addEpoch(info.head, report);
  models_[static_cast<std::size_t>(headSlot(info.head))]->setText(
      tr("<b>%1</b>: clean accuracy %2%, ASR at the poisoned position %3%, %4 epochs%5")
          .arg(headName(info.head))
          .arg(100 * info.cleanAccuracy, 0, 'f', 1)
          .arg(100 * info.asrAtTrainPosition, 0, 'f', 1)
          .arg(info.epochs)
          .arg(info.fromCache ? tr(" (from the cache)") : QString()));
}

void TrainingPanel::setRunning(bool running, const QString& message) {
  train_->setEnabled(!running);
  cancel_->setEnabled(running);
  pause_->setEnabled(running);
  step_->setEnabled(running);
  if (!running) setPaused(false);
  if (!running) bar_->setValue(bar_->maximum());
  if (!message.isEmpty()) status_->setText(message);
}

QString TrainingPanel::summary() const {
  QStringList parts;
  for (auto* label : models_)
    if (!label->text().isEmpty()) parts << label->text();
  return parts.join(' ');
}

}  // namespace gaplab::app
