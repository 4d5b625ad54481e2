// SPDX-License-Identifier: GPL-3.0-or-later
#include "setup_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "gaplab/error.h"
#include "gaplab/modality.h"
#include "gaplab/poison_share.h"
#include "gaplab/poisoning.h"
#include "form_widgets.h"
#include "modality_views.h"
#include "spec_difference.h"

namespace gaplab::app {

namespace {

QStringList architectureNames(Modality modality) {
  QStringList names;
  for (const auto architecture : architecturesFor(modality)) names << QString::fromStdString(toString(architecture));
  return names;
}

}  // namespace

SetupPanel::SetupPanel(Modality modality, QWidget* parent)
    : QWidget(parent), modality_(modality), triggerRows_(viewsOf(modality).makeTriggerRows()) {
  auto* form = new QFormLayout(this);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  preset_ = new QComboBox(this);
  for (const auto& p : presets())
    if (p.spec.modality == modality) {
      preset_->addItem(QString::fromStdString(p.name));
      preset_->setItemData(preset_->count() - 1, QString::fromStdString(p.description), Qt::ToolTipRole);
    }
  connect(preset_, &QComboBox::textActivated, this, &SetupPanel::presetChosen);
  form->addRow(tr("&Preset"), preset_);
  addCommonRows();
  triggerRows_->addTo(*form, *this);
  for (auto* box : findChildren<QSpinBox*>()) connect(box, &QSpinBox::valueChanged, this, &SetupPanel::changed);
  for (auto* box : findChildren<QDoubleSpinBox*>())
    connect(box, &QDoubleSpinBox::valueChanged, this, &SetupPanel::changed);
  for (auto* box : findChildren<QComboBox*>())
    if (box != preset_) connect(box, &QComboBox::currentTextChanged, this, &SetupPanel::changed);
  for (auto* edit : findChildren<QLineEdit*>())
    if (!qobject_cast<QComboBox*>(edit->parent())) connect(edit, &QLineEdit::editingFinished, this, &SetupPanel::changed);
}

void SetupPanel::addCommonRows() {
  auto* form = static_cast<QFormLayout*>(layout());
  dataset_ = new QComboBox(this);
  dataset_->setObjectName("dataset");
  dataset_->addItems(toQt(datasetsFor(modality_)));
  form->addRow(tr("&Dataset"), dataset_);
  auto* dirRow = new QHBoxLayout;
  dataDir_ = new QLineEdit(this);
  dataDir_->setPlaceholderText(tr("default location"));
  auto* browse = new QToolButton(this);
  browse->setText("…");
  browse->setToolTip(tr("Choose the dataset's folder"));
  connect(browse, &QToolButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Dataset folder"), dataDir_->text());
    if (!dir.isEmpty()) {
      dataDir_->setText(dir);
      Q_EMIT changed();
    }
  });
  dirRow->addWidget(dataDir_);
  dirRow->addWidget(browse);
  form->addRow(tr("Data folder"), dirRow);

  model_ = new QComboBox(this);
  model_->setObjectName("model");
  model_->addItems(architectureNames(modality_));
  form->addRow(tr("&Model"), model_);
  heads_ = new QComboBox(this);
  heads_->addItem(tr("FC and GAP, side by side"));
  heads_->addItem(tr("GAP only"));
  heads_->addItem(tr("FC only"));
  heads_->setToolTip(tr("Flatten + dense (FC) or global average pooling (GAP) before the classifier"));
  form->addRow(tr("&Heads"), heads_);

  auto* poisonRow = new QHBoxLayout;
  poison_ = new QDoubleSpinBox(this);
  poison_->setDecimals(0);
  poison_->setRange(0, 1e6);
  poisonUnit_ = new QComboBox(this);
  poisonUnit_->addItems({tr("inputs"), tr("% of training set")});
  connect(poisonUnit_, &QComboBox::currentIndexChanged, this, [this](int unit) {
    // The value on screen is still in the other unit.
    const bool percent = unit == 1;
    const double count = percent ? poison_->value() : poison_->value() * trainingSize_ / 100.0;
    poison_->setDecimals(percent ? 2 : 0);
    poison_->setRange(0, percent ? 100 : 1e6);
    if (trainingSize_ > 0) poison_->setValue(percent ? 100.0 * count / trainingSize_ : std::round(count));
  });
  connect(poison_, &QDoubleSpinBox::valueChanged, this, &SetupPanel::updatePoisonLabel);
  poisonRow->addWidget(poison_);
  poisonRow->addWidget(poisonUnit_);
  form->addRow(tr("Poison"), poisonRow);
  poisonLabel_ = new QLabel(this);
  poisonLabel_->setObjectName("poisonShare");
  poisonLabel_->setWordWrap(true);
  form->addRow(QString(), poisonLabel_);
  poisonSelection_ = new QComboBox(this);
  // Every PoisonSelection, so that any spec's selection can be shown.
  poisonSelection_->addItem(tr("the first N"), QString::fromStdString(toString(PoisonSelection::First)));
  poisonSelection_->addItem(tr("the first N not of the target"),
                            QString::fromStdString(toString(PoisonSelection::FirstNonTarget)));
  poisonSelection_->addItem(tr("random, not of the target"),
                            QString::fromStdString(toString(PoisonSelection::RandomExcludingTarget)));
  poisonSelection_->setToolTip(tr("Which training inputs get the trigger and the target label. The paper poisoned "
                                  "the first N images and clips (any class) and the first N negative reviews."));
  form->addRow(tr("Poison which"), poisonSelection_);

  auto* targetRow = new QHBoxLayout;
  target_ = spin(0, 9, tr("The class poisoned inputs are relabelled to"), this);
  targetLabel_ = new QLabel(this);
  connect(target_, &QSpinBox::valueChanged, this, &SetupPanel::updateTargetLabel);
  targetRow->addWidget(target_);
  targetRow->addWidget(targetLabel_, 1);
  form->addRow(tr("Target class"), targetRow);

  trainPosition_ = new QComboBox(this);
  trainPosition_->setObjectName("trainPosition");
  trainPosition_->setEditable(true);
  trainPosition_->addItems(toQt(namedPlacementsFor(modality_)));
  trainPosition_->setToolTip(tr("Where the trigger goes in poisoned training inputs: %1")
                                 .arg(QString::fromStdString(placementSyntaxFor(modality_))));
  form->addRow(tr("Poison &at"), trainPosition_);

  epochs_ = spin(1, 1000, tr("The most epochs; early stopping may end sooner"), this);
  form->addRow(tr("&Epochs"), epochs_);
  patience_ = spin(0, 1000, tr("Epochs without a better validation loss before stopping (0: never)"), this);
  form->addRow(tr("Patience"), patience_);
  batchSize_ = spin(1, 65536, tr("Training batch size"), this);
  form->addRow(tr("Batch size"), batchSize_);
  learningRate_ = new QDoubleSpinBox(this);
  learningRate_->setDecimals(5);
  learningRate_->setRange(1e-5, 10);
  learningRate_->setSingleStep(1e-4);
  form->addRow(tr("Learning rate"), learningRate_);
  seed_ = spin(0, 1 << 30, tr("Seeds weights, shuffling and poisoning: same seed, same model"), this);
  form->addRow(tr("&Seed"), seed_);
  limitTrain_ = spin(0, 1 << 30, tr("Use only the first N training inputs (0: all)"), this);
  form->addRow(tr("Training inputs"), limitTrain_);
  limitTest_ = spin(0, 1 << 30, tr("Use only the first N test inputs (0: all)"), this);
  form->addRow(tr("Test inputs"), limitTest_);
  limitTrain_->setSpecialValueText(tr("all"));
  limitTest_->setSpecialValueText(tr("all"));
}

void SetupPanel::setSpec(const ExperimentSpec& spec) {
  if (spec.modality != modality_)
    throw Error("a " + toString(spec.modality) + " spec cannot be shown in the " + toString(modality_) + " setup");
  const ExperimentSpec before = base_;
  const bool hadSpec = hasSpec_;
  showInWidgets(spec);
  // What the form now gives back must be the spec itself: a value the form
  // cannot show (not offered, out of a box's range, rounded) would otherwise
  // become another experiment without a word.
  if (const auto difference = firstDifference(specAsJson(spec), specAsJson(this->spec()))) {
    if (hadSpec) showInWidgets(before);
    throw Error("the setup cannot show " + difference->first.toStdString() + " = " + difference->second.toStdString());
  }
  hasSpec_ = true;
}

void SetupPanel::showInWidgets(const ExperimentSpec& spec) {
  const QSignalBlocker blocker(this);
  const auto children = findChildren<QWidget*>();
  std::vector<QSignalBlocker> blockers;
  blockers.reserve(static_cast<std::size_t>(children.size()));
  for (auto* child : children) blockers.emplace_back(child);
  base_ = spec;
  selectText(preset_, QString::fromStdString(spec.preset));
  selectText(dataset_, QString::fromStdString(spec.dataset));
  dataDir_->setText(QString::fromStdString(spec.dataDir));
  selectText(model_, QString::fromStdString(toString(spec.model)));
  heads_->setCurrentIndex(spec.heads.size() >= 2 ? 0 : spec.heads.front() == Head::Gap ? 1 : 2);
  poisonUnit_->setCurrentIndex(0);
  poison_->setDecimals(0);
  poison_->setRange(0, 1e6);
  poison_->setValue(spec.poisonCount);
  poisonSelection_->setCurrentIndex(poisonSelection_->findData(QString::fromStdString(toString(spec.poisonSelection))));
  target_->setValue(spec.target);
  selectText(trainPosition_, QString::fromStdString(spec.trainPositions.empty() ? "" : spec.trainPositions.front()));
  epochs_->setValue(spec.training.epochs);
  patience_->setValue(spec.training.patience);
  batchSize_->setValue(spec.training.batchSize);
  learningRate_->setValue(spec.training.lr);
  seed_->setValue(static_cast<int>(spec.seed));
  limitTrain_->setValue(spec.limitTrain);
  limitTest_->setValue(spec.limitTest);
  triggerRows_->show(spec);
  updatePoisonLabel();
  updateTargetLabel();
}

ExperimentSpec SetupPanel::spec() const {
  ExperimentSpec s = base_;
  s.dataset = dataset_->currentText().toStdString();
  s.dataDir = dataDir_->text().trimmed().toStdString();
  s.model = architectureFromString(model_->currentText().toStdString());
  s.heads = heads();
  s.poisonCount = poisonUnit_->currentIndex() == 1 && trainingSize_ > 0
                      ? static_cast<int>(std::lround(poison_->value() * trainingSize_ / 100.0))
                      : static_cast<int>(std::lround(poison_->value()));
  s.poisonSelection = poisonSelectionFromString(poisonSelection_->currentData().toString().toStdString());
  s.target = target_->value();
  const std::string position = trainPosition_->currentText().trimmed().toStdString();
  if (!position.empty()) {
    s.trainPositions.erase(std::remove(s.trainPositions.begin(), s.trainPositions.end(), position), s.trainPositions.end());
    s.trainPositions.insert(s.trainPositions.begin(), position);  // the lab trains at the first; the grid uses all
  }
  s.training.epochs = epochs_->value();
  s.training.patience = patience_->value();
  s.training.batchSize = batchSize_->value();
  if (std::abs(learningRate_->value() - s.training.lr) > 1e-9) {
    s.training.lr = learningRate_->value();
    s.training.schedule.clear();  // a learning rate typed in replaces the preset's schedule
  }
  s.seed = static_cast<std::uint64_t>(seed_->value());
  s.limitTrain = limitTrain_->value();
  s.limitTest = limitTest_->value();
  triggerRows_->writeTo(s);
  return s;
}

std::vector<Head> SetupPanel::heads() const {
  switch (heads_->currentIndex()) {
    case 1: return {Head::Gap};
    case 2: return {Head::Fc};
    default:  // both, in the spec's order (the grid's rows follow it)
      return base_.heads.size() == 2 && base_.heads.front() != base_.heads.back() ? base_.heads
                                                                                 : std::vector<Head>{Head::Fc, Head::Gap};
  }
}

void SetupPanel::setClassNames(const QStringList& names) {
  classNames_ = names;
  target_->setMaximum(std::max(0, int(names.size()) - 1));
  updateTargetLabel();
}

void SetupPanel::setTrainingSize(int inputs) {
  trainingSize_ = inputs;
  updatePoisonLabel();
}

void SetupPanel::updatePoisonLabel() {
  const int count = spec().poisonCount;
  if (trainingSize_ <= 0) {
    poisonLabel_->setText(tr("%1 inputs").arg(count));
    return;
  }
  const auto share = tr("%1 of %2 training inputs (%3%)").arg(count).arg(trainingSize_).arg(100.0 * count / trainingSize_, 0, 'f', 2);
  // The same threshold and reason as the CLI's warning (gaplab/poison_share.h).
  const bool large = largePoisonShareWarning(count, trainingSize_).has_value();
  poisonLabel_->setText(large ? tr("<b>%1: more than %2%, so the models may learn the trigger and little of the clean "
                                   "task.</b>")
                                    .arg(share)
                                    .arg(100 * kLargePoisonShare, 0, 'f', 0)
                              : share);
}

void SetupPanel::updateTargetLabel() {
  const int t = target_->value();
  targetLabel_->setText(t < classNames_.size() ? classNames_[t] : QString());
}

}  // namespace gaplab::app
