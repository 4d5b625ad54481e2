// SPDX-License-Identifier: GPL-3.0-or-later
#include "defences_panel.h"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>

#include <algorithm>
#include <cmath>

#include "defence_figure.h"

namespace gaplab::app {

namespace {

const char* const kHeads[2] = {"FC", "GAP"};

// The reversed trigger over the input, (1 - m) x + m p, grey, each cell
// `scale` pixels; text (one column of tokens) as a strip of mask values.
QImage reversedTrigger(const ReversedTrigger& t, const std::vector<float>& input, int rows, int cols) {
  const bool overInput = t.mask.rows == rows && t.mask.cols == cols && !input.empty();
  const bool strip = t.mask.cols == 1;
  const int width = strip ? t.mask.rows : t.mask.cols, height = strip ? 1 : t.mask.rows;
  QImage image(width, height, QImage::Format_Grayscale8);
  float low = 0, high = 1;
  if (overInput) {
    const auto [a, b] = std::minmax_element(input.begin(), input.end());
    low = std::min(0.0f, *a);
    high = std::max(1.0f, *b);
  }
  for (int r = 0; r < t.mask.rows; ++r)
    for (int c = 0; c < t.mask.cols; ++c) {
      const auto i = static_cast<std::size_t>(r * t.mask.cols + c);
      const float m = t.mask.values[i];
      const float v = overInput ? (1 - m) * input[i] + m * t.patternInput[i] : m;
      const int x = strip ? r : c, y = strip ? 0 : r;
      image.scanLine(y)[x] = static_cast<uchar>(std::clamp((v - low) / (high - low), 0.0f, 1.0f) * 255 + 0.5f);
    }
  const int scale = std::max(1, 84 / std::max(width, height));
  return image.scaled(width * scale, std::max(height * scale, strip ? 12 : 1), Qt::IgnoreAspectRatio, Qt::FastTransformation);
}

QString percent(double v) { return QString::number(100 * v, 'f', 1) + "%"; }

}  // namespace

DefencesPanel::DefencesPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* controls = new QHBoxLayout;
  method_ = new QComboBox(this);
  method_->addItem(tr("Neural Cleanse"), int(DefenceMethod::NeuralCleanse));
  method_->addItem(tr("STRIP"), int(DefenceMethod::Strip));
  method_->addItem(tr("Activation Clustering"), int(DefenceMethod::ActivationClustering));
  method_->addItem(tr("Spectral Signatures"), int(DefenceMethod::SpectralSignatures));
  method_->setToolTip(tr("The defence to run on both heads' models"));
  steps_ = new QSpinBox(this);
  steps_->setRange(1, 100000);
  steps_->setValue(NeuralCleanseSettings{}.steps);
  steps_->setPrefix(tr("NC steps "));
  steps_->setToolTip(tr("Neural Cleanse's outer steps at most (early stopping usually ends sooner)"));
  overlays_ = new QSpinBox(this);
  overlays_->setRange(1, 1000);
  overlays_->setValue(StripSettings{}.overlays);
  overlays_->setPrefix(tr("STRIP N "));
  overlays_->setToolTip(tr("STRIP's superimpositions per input"));
  run_ = new QPushButton(tr("Run on FC and GAP"), this);
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setEnabled(false);
  method_->setObjectName("defenceMethod");
  steps_->setObjectName("defenceSteps");
  overlays_->setObjectName("defenceOverlays");
  run_->setObjectName("runDefences");
  cancel_->setObjectName("stopDefences");
  bar_ = new QProgressBar(this);
  bar_->setVisible(false);
  for (QWidget* w : std::initializer_list<QWidget*>{method_, steps_, overlays_, run_, cancel_, bar_}) controls->addWidget(w);
  controls->addStretch();
  layout->addLayout(controls);
  status_ = new QLabel(tr("Train both heads, then run a defence."), this);
  status_->setWordWrap(true);
  layout->addWidget(status_);
  auto* heads = new QHBoxLayout;
  for (int slot = 0; slot < 2; ++slot) {
    auto* box = new QGroupBox(tr("%1 model").arg(kHeads[slot]), this);
    auto* column = new QVBoxLayout(box);
    summaries_[static_cast<std::size_t>(slot)] = new QLabel(tr("not run"), box);
    summaries_[static_cast<std::size_t>(slot)]->setWordWrap(true);
    figures_[static_cast<std::size_t>(slot)] = new widgets::DefenceFigure(box);
    figures_[static_cast<std::size_t>(slot)]->setFigureName(QString("defence-%1").arg(QString(kHeads[slot]).toLower()));
    figures_[static_cast<std::size_t>(slot)]->setMinimumHeight(160);
    thumbnails_[static_cast<std::size_t>(slot)] = new QGridLayout;
    column->addWidget(summaries_[static_cast<std::size_t>(slot)]);
    column->addWidget(figures_[static_cast<std::size_t>(slot)], 1);
    column->addLayout(thumbnails_[static_cast<std::size_t>(slot)]);
    heads->addWidget(box);
  }
  layout->addLayout(heads, 1);
  connect(run_, &QPushButton::clicked, this, &DefencesPanel::runRequested);
  connect(cancel_, &QPushButton::clicked, this, &DefencesPanel::cancelRequested);
}

DefenceMethod DefencesPanel::method() const { return static_cast<DefenceMethod>(method_->currentData().toInt()); }

DefenceSettings DefencesPanel::settings() const {
  DefenceSettings s;
  s.nc.steps = steps_->value();
  s.strip.overlays = overlays_->value();
  return s;
}

void DefencesPanel::setRunning(bool running) {
  run_->setEnabled(!running);
  cancel_->setEnabled(running);
  bar_->setVisible(running);
  if (running) bar_->setRange(0, 0);
}

void DefencesPanel::setProgress(const QString& head, const QString& stage, int done, int total, double secondsLeft) {
  bar_->setRange(0, std::max(total, 1));
  bar_->setValue(done);
  QString text = tr("%1 model: %2, %3 of %4").arg(head, stage).arg(done).arg(total);
  if (secondsLeft >= 0) text += tr(" (at most %1 s left)").arg(std::lround(secondsLeft));
  status_->setText(text);
}

void DefencesPanel::setMessage(const QString& message) { status_->setText(message); }

void DefencesPanel::setReport(int slot, const std::optional<DefenceReport>& report) {
  reports_[static_cast<std::size_t>(slot)] = report;
  showReport(slot);
}

void DefencesPanel::setFollowedStrip(int slot, const DefenceReport& report, bool estimate) {
  if (!report.strip || report.strip->positions.empty()) return;
  const auto& s = *report.strip;
  const auto& here = s.positions.front();
  const bool empirical = s.boundaryUsed == "empirical";
  const double boundary = empirical ? s.boundaryEmpirical : s.boundaryNormal;
  figures_[static_cast<std::size_t>(slot)]->showEntropies(s.cleanEntropies, here.entropies, boundary,
                                                          tr("trigger @ %1").arg(QString::fromStdString(here.placement)));
  summaries_[static_cast<std::size_t>(slot)]->setText(
      tr("STRIP%1 with the trigger @ %2: FAR %3 (attack success %4), N = %5, FRR %6")
          .arg(estimate ? tr(" estimate") : QString())
          .arg(QString::fromStdString(here.placement))
          .arg(percent(empirical ? here.farEmpirical : here.farNormal))
          .arg(percent(here.attackSuccess))
          .arg(s.overlays)
          .arg(percent(s.frr)));
}

void DefencesPanel::setCurrentInput(const std::vector<float>& pixels, int rows, int cols) {
  input_ = pixels;
  inputRows_ = rows;
  inputCols_ = cols;
  for (int slot = 0; slot < 2; ++slot) showThumbnails(slot);
}

QString DefencesPanel::summary(int slot) const { return summaries_[static_cast<std::size_t>(slot)]->text(); }

int DefencesPanel::thumbnailCount(int slot) const { return thumbnails_[static_cast<std::size_t>(slot)]->count(); }

void DefencesPanel::showReport(int slot) {
  const auto index = static_cast<std::size_t>(slot);
  auto* figure = figures_[index];
  const auto& report = reports_[index];
  showThumbnails(slot);
  if (!report) {
    figure->clear();
    summaries_[index]->setText(tr("not run"));
    return;
  }
  QStringList classes;
  for (const auto& name : report->classNames) classes << QString::fromStdString(name);
  if (report->nc) {
    std::vector<double> indices;
    for (const auto& c : report->nc->classes) indices.push_back(-c.anomalyIndex);
    figure->showAnomalyIndices(classes, indices);
    QStringList flagged;
    for (int c : report->flagged) flagged << classes.value(c);
    const auto& target = report->nc->classes[static_cast<std::size_t>(report->target)];
    QString text = tr("Neural Cleanse: anomaly index %1, flagged: %2. Target %3: mask L1 %4")
                       .arg(report->nc->anomalyIndex, 0, 'f', 2)
                       .arg(flagged.isEmpty() ? tr("none") : flagged.join(", "))
                       .arg(classes.value(report->target))
                       .arg(target.maskL1, 0, 'f', 1);
    if (target.iou) text += tr(", IoU with the trigger %1").arg(*target.iou, 0, 'f', 2);
    for (const auto& [placement, asr] : target.asrByPosition)
      text += tr("; moved @ %1: ASR %2").arg(QString::fromStdString(placement), percent(asr));
    if (!report->nc->madApplies)
      text += tr(". Two classes: the MAD index is always 0.6745, compare the norms (ratio %1)")
                  .arg(report->nc->normRatio, 0, 'f', 2);
    summaries_[index]->setText(text);
  } else if (report->strip) {
    setFollowedStrip(slot, *report, false);
    QString text = summaries_[index]->text();
    for (std::size_t i = 1; i < report->strip->positions.size(); ++i) {
      const auto& p = report->strip->positions[i];
      text += tr("; @ %1: FAR %2").arg(QString::fromStdString(p.placement))
                  .arg(percent(report->strip->boundaryUsed == "empirical" ? p.farEmpirical : p.farNormal));
    }
    summaries_[index]->setText(text);
  } else if (report->poison) {
    const bool ac = report->method == DefenceMethod::ActivationClustering;
    figure->showSamples(report->poison->x, report->poison->y, report->poison->poisoned, report->poison->flagged,
                        ac ? tr("ICA 1") : tr("score |v · r|"), ac ? tr("ICA 2") : QString());
    summaries_[index]->setText(tr("%1: precision %2, recall %3 (%4 flagged, %5 poisoned); target label %6 shown")
                                   .arg(ac ? tr("Activation Clustering") : tr("Spectral Signatures"))
                                   .arg(percent(report->poison->precision), percent(report->poison->recall))
                                   .arg(report->poison->flaggedCount)
                                   .arg(report->poison->poisonedCount)
                                   .arg(classes.value(report->target)));
  }
}

void DefencesPanel::showThumbnails(int slot) {
  auto* grid = thumbnails_[static_cast<std::size_t>(slot)];
  while (auto* item = grid->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  const auto& report = reports_[static_cast<std::size_t>(slot)];
  if (!report || !report->nc) return;
  // Flagged classes first, then by mask norm: the likeliest targets lead.
  std::vector<const ReversedTrigger*> order;
  for (const auto& c : report->nc->classes) order.push_back(&c);
  auto flagged = [&](int cls) { return std::count(report->flagged.begin(), report->flagged.end(), cls) > 0; };
  std::stable_sort(order.begin(), order.end(), [&](const ReversedTrigger* a, const ReversedTrigger* b) {
    if (flagged(a->cls) != flagged(b->cls)) return flagged(a->cls);
    return a->maskL1 < b->maskL1;
  });
  const int shown = std::min<int>(5, static_cast<int>(order.size()));
  for (int i = 0; i < shown; ++i) {
    const auto& t = *order[static_cast<std::size_t>(i)];
    auto* picture = new QLabel;
    picture->setPixmap(QPixmap::fromImage(reversedTrigger(t, input_, inputRows_, inputCols_)));
    picture->setToolTip(tr("Reversed trigger of class %1 over the current input").arg(t.cls));
    auto* caption = new QLabel(QString("%1%2\nL1 %3")
                                   .arg(flagged(t.cls) ? "⚑ " : "")
                                   .arg(QString::fromStdString(report->classNames[static_cast<std::size_t>(t.cls)]))
                                   .arg(t.maskL1, 0, 'f', 1));
    caption->setAlignment(Qt::AlignHCenter);
    grid->addWidget(picture, 0, i, Qt::AlignHCenter);
    grid->addWidget(caption, 1, i);
  }
}

}  // namespace gaplab::app
