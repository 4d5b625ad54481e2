// SPDX-License-Identifier: GPL-3.0-or-later
#include "budget_panel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "budget_figure.h"
#include "budget_points.h"

namespace gaplab::app {

BudgetPanel::BudgetPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* choices = new QHBoxLayout;
  levels_ = new QLineEdit(this);
  levels_->setObjectName("budgetLevels");
  levels_->setToolTip(tr("Poison levels, comma-separated: counts (40,160) or % of the training split (1%,5%)"));
  choices->addWidget(new QLabel(tr("Poison"), this));
  choices->addWidget(levels_, 1);
  for (const auto regime : allPoisonRegimes()) {
    auto* box = new QCheckBox(QString::fromStdString(toString(regime)), this);
    box->setChecked(true);
    regimes_.push_back(box);
    choices->addWidget(box);
  }
  regimes_[0]->setToolTip(tr("All poison at the first training position"));
  regimes_[1]->setToolTip(tr("A random position per poisoned input"));
  regimes_[2]->setToolTip(tr("A random position and a fresh pattern per poisoned input (Salem et al.)"));
  layout->addLayout(choices);
  auto* row = new QHBoxLayout;
  reps_ = new QSpinBox(this);
  reps_->setObjectName("budgetReps");
  reps_->setRange(1, 20);
  reps_->setValue(3);
  reps_->setPrefix(tr("repetitions "));
  stride_ = new QSpinBox(this);
  stride_->setObjectName("budgetStride");
  stride_->setRange(1, 64);
  stride_->setPrefix(tr("map stride "));
  stride_->setToolTip(tr("Step of the position grid each model's ASR is measured on"));
  dropFailed_ = new QCheckBox(tr("drop failed runs"), this);
  dropFailed_->setToolTip(tr("The authors' filter: leave out runs with clean accuracy <= 1.2 / classes"));
  run_ = new QPushButton(tr("Run budget"), this);
  run_->setObjectName("runBudget");
  run_->setToolTip(tr("Train every head x regime x level x repetition and map each model's ASR"));
  cancel_ = new QPushButton(tr("Stop"), this);
  cancel_->setObjectName("stopBudget");
  cancel_->setEnabled(false);
  bar_ = new QProgressBar(this);
  bar_->setTextVisible(false);
  row->addWidget(reps_);
  row->addWidget(stride_);
  row->addWidget(dropFailed_);
  row->addWidget(run_);
  row->addWidget(cancel_);
  row->addWidget(bar_, 1);
  layout->addLayout(row);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  layout->addWidget(status_);
  thresholds_ = new QLabel(this);
  thresholds_->setObjectName("budgetThresholds");
  thresholds_->setWordWrap(true);
  layout->addWidget(thresholds_);
  figure_ = new widgets::BudgetFigure(this);
  layout->addWidget(figure_, 1);
  connect(run_, &QPushButton::clicked, this, &BudgetPanel::runRequested);
  connect(cancel_, &QPushButton::clicked, this, &BudgetPanel::cancelRequested);
}

void BudgetPanel::setDefaults(const ExperimentSpec& spec) {
  const auto& budget = spec.budget;
  QStringList levels;
  for (const auto& level : budget.poison) levels << QString::fromStdString(level);
  levels_->setText(levels.isEmpty() ? QStringLiteral("1%,2%,5%,10%") : levels.join(','));
  for (std::size_t i = 0; i < regimes_.size(); ++i) {
    const auto name = toString(allPoisonRegimes()[i]);
    regimes_[i]->setChecked(budget.regimes.empty() ||
                            std::find(budget.regimes.begin(), budget.regimes.end(), name) != budget.regimes.end());
  }
  stride_->setValue(budget.stride);
  if (!budget.empty()) reps_->setValue(spec.reps);
}

BudgetPlan BudgetPanel::plan(const ExperimentSpec& spec) const {
  BudgetPlan plan;
  plan.spec = spec;
  plan.spec.reps = reps_->value();
  for (const auto& level : levels_->text().split(',', Qt::SkipEmptyParts))
    plan.levels.push_back(parsePoisonLevel(level.trimmed().toStdString()));
  for (std::size_t i = 0; i < regimes_.size(); ++i)
    if (regimes_[i]->isChecked()) plan.regimes.push_back(allPoisonRegimes()[i]);
  plan.stride = stride_->value();
  plan.validate();
  return plan;
}

bool BudgetPanel::dropFailed() const { return dropFailed_->isChecked(); }

void BudgetPanel::setRows(const std::vector<BudgetRow>& rows, int classes) {
  const FailedRunFilter filter{dropFailed(), classes};
  const auto cells = budgetCells(rows, filter);
  figure_->setPoints(budgetPoints(cells));
  // Per head and regime: where mean coverage_90 first reaches 0.9.
  QStringList lines;
  for (const auto& curve : budgetCurves(cells)) {
    if (!curve.measured) continue;
    const auto& reached = curve.coverage90Reached;
    lines << tr("%1, %2: %3")
                 .arg(QString::fromStdString(curve.head).toUpper(), QString::fromStdString(curve.regime),
                      reached ? tr("ASR >= 90% at 90% of positions from %1% poison").arg(*reached, 0, 'g', 3)
                              : tr("not reached"));
  }
  thresholds_->setText(lines.join('\n'));
}

void BudgetPanel::setRunning(bool running) {
  run_->setEnabled(!running);
  cancel_->setEnabled(running);
  if (!running) bar_->setValue(0);
}

void BudgetPanel::setProgress(int training, int trainings, const QString& label, int epoch, int epochs) {
  bar_->setRange(0, trainings * std::max(epochs, 1));
  bar_->setValue((training - 1) * std::max(epochs, 1) + epoch);
  status_->setText(tr("Training %1 of %2: %3, epoch %4").arg(training).arg(trainings).arg(label).arg(epoch + 1));
}

void BudgetPanel::setMessage(const QString& message) { status_->setText(message); }

}  // namespace gaplab::app
