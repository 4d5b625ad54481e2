// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "curve_plot.h"
#include "gaplab/error.h"
#include "gaplab/modality.h"
#include "gaplab/positions.h"
#include "data_locations.h"
#include "budget_figure.h"
#include "grid_figure.h"
#include "budget_panel.h"
#include "defence_figure.h"
#include "defences_panel.h"
#include "grid_panel.h"
#include "inspection_panel.h"
#include "map_panel.h"
#include "position_map_view.h"
#include "setup_panel.h"
#include "training_panel.h"

namespace gaplab::app {

Workspace::Workspace(Modality modality, const QString& defaultPreset, QWidget* parent)
    : QWidget(parent), modality_(modality) {
  setup_ = new SetupPanel(modality, this);
  training_ = new TrainingPanel(this);
  inspection_ = new InspectionPanel(this);
  map_ = new MapPanel(this);
  grid_ = new GridPanel(this);
  budget_ = new BudgetPanel(this);
  budget_->setDefaults(presetSpec(defaultPreset.toStdString()));
  defences_ = new DefencesPanel(this);
  for (auto& live : live_) live = std::make_unique<LiveAsrController>();
  for (auto& sweep : sweeps_) sweep = std::make_unique<SweepController>();

  layout_ = new QVBoxLayout(this);
  auto* nav = new QHBoxLayout;
  sampleSpin_ = new QSpinBox(this);
  sampleSpin_->setPrefix(tr("test input "));
  sampleSpin_->setToolTip(tr("Which test input to show (PgUp/PgDn)"));
  sampleSpin_->setRange(0, 0);
  auto* previous = new QPushButton(tr("◀"), this);
  auto* next = new QPushButton(tr("▶"), this);
  auto* random = new QPushButton(tr("Random"), this);
  previous->setToolTip(tr("Previous test input"));
  next->setToolTip(tr("Next test input"));
  for (auto* b : {previous, next}) b->setMaximumWidth(40);
  previous->setShortcut(QKeySequence(Qt::Key_PageUp));
  next->setShortcut(QKeySequence(Qt::Key_PageDown));
  sampleLabel_ = new QLabel(tr("loading…"), this);
  nav->addWidget(previous);
  nav->addWidget(sampleSpin_);
  nav->addWidget(next);
  nav->addWidget(random);
  nav->addWidget(sampleLabel_, 1);
  layout_->addLayout(nav);
  connect(previous, &QPushButton::clicked, this, [this] { sampleSpin_->stepBy(-1); });
  connect(next, &QPushButton::clicked, this, [this] { sampleSpin_->stepBy(1); });
  connect(random, &QPushButton::clicked, this, [this] {
    sampleSpin_->setValue(int(QRandomGenerator::global()->bounded(sampleSpin_->maximum() + 1)));
  });
  connect(sampleSpin_, &QSpinBox::valueChanged, this, &Workspace::setSampleIndex);

  connect(setup_, &SetupPanel::presetChosen, this, &Workspace::choosePreset);
  connect(training_, &TrainingPanel::trainRequested, this, &Workspace::train);
  connect(training_, &TrainingPanel::cancelRequested, this, &Workspace::cancelAll);
  connect(&labController_, &LabController::opened, this, &Workspace::onLabOpened);
  connect(&labController_, &LabController::progress, training_, &TrainingPanel::setProgress);
  connect(&labController_, &LabController::progress, this,
          [this](const QString& head, int epoch, int epochs) { Q_EMIT trainingProgressed(head, epoch, epochs); });
  connect(&labController_, &LabController::loading, training_, &TrainingPanel::setLoading);
  connect(&labController_, &LabController::epochFinished, this, [this](const QString& head, const EpochReport& r) {
    training_->addEpoch(headFromString(head.toStdString()), r);
  });
  connect(&labController_, &LabController::modelReady, this, &Workspace::onModelReady);
  connect(&labController_, &LabController::probed, this,
          [this](const QString& head, double epochs, double clean, double asrTrain, double asrOff, double robust) {
            training_->addProbe(headFromString(head.toStdString()), epochs, clean, asrTrain, asrOff, robust);
          });
  connect(training_, &TrainingPanel::pauseToggled, this, [this](bool paused) {
    if (paused) labController_.pause();
    else labController_.resume();
  });
  connect(training_, &TrainingPanel::stepRequested, &labController_, &LabController::stepEpoch);
  connect(&labController_, &LabController::finished, this, &Workspace::onTrainingFinished);
  for (const Head head : kHeads) connectLive(head);
  connect(inspection_, &InspectionPanel::mapHeadChanged, this, [this] {
    const auto head = inspection_->mapHead();
    if (head && inspections_[static_cast<std::size_t>(headSlot(*head))])
      showInspection(*inspections_[static_cast<std::size_t>(headSlot(*head))]);
    else clearInspection();
  });
  connect(map_, &MapPanel::runRequested, this, &Workspace::runMap);
  connect(map_, &MapPanel::cancelRequested, this, [this] {
    for (auto& sweep : sweeps_) sweep->cancel();
  });
  connect(map_, &MapPanel::positionClicked, this, [this](QPoint p) { placeTrigger(fromMap(p)); });
  connectRuns();
  connectDefences();
  editDebounce_.setSingleShot(true);
  editDebounce_.setInterval(150);
  connect(&editDebounce_, &QTimer::timeout, this, &Workspace::refreshSessions);

  setup_->setSpec(presetSpec(defaultPreset.toStdString()));
}

Workspace::~Workspace() {
  // Stop every worker before the widgets they report to go away.
  cancelAll();
  for (auto& sweep : sweeps_) sweep.reset();
  for (auto& live : live_) live.reset();
}

void Workspace::setEditor(QWidget* editor) { layout_->addWidget(editor, 1); }

void Workspace::setTorchQueue(TorchQueue* queue) {
  labController_.setQueue(queue);
  gridRunner_.setQueue(queue);
  budgetRunner_.setQueue(queue);
  defenceRunner_.setQueue(queue);
  stripFollower_.setQueue(queue);
  for (auto& sweep : sweeps_) sweep->setQueue(queue);
}

std::vector<widgets::FigureWidget*> Workspace::figures() const {
  return {training_->curves(), map_->view(Head::Fc), map_->view(Head::Gap), grid_->figure(), budget_->figure(),
          defences_->figure(0), defences_->figure(1)};
}

void Workspace::say(const QString& message) {
  if (!message.isEmpty()) Q_EMIT statusChanged(message);
}

const ExperimentSpec& Workspace::labSpec() const {
  static const ExperimentSpec none;
  return lab_ ? lab_->spec() : none;
}

void Workspace::activate() {
  if (!lab_ && !labController_.isBusy()) reload();
}

void Workspace::reload() {
  if (labController_.isBusy()) return;
  training_->setRunning(true, tr("Loading data…"));
  say(tr("Loading %1 data…").arg(modalityName()));
  labController_.open(currentSpec());
}

void Workspace::choosePreset(const QString& name) {
  if (labController_.isBusy()) return say(tr("Busy: cancel the running job first."));
  try {
    setup_->setSpec(presetSpec(name.toStdString()));
  } catch (const Error& e) {
    return say(tr("Cannot use preset %1: %2").arg(name, QString::fromUtf8(e.what())));
  }
  userTrigger_ = false;
  for (const Head head : kHeads) {
    models_[static_cast<std::size_t>(headSlot(head))].reset();
    live_[static_cast<std::size_t>(headSlot(head))]->clearSession();
    inspection_->clear(head, tr("not trained"));
  }
  reload();
}

ExperimentSpec Workspace::currentSpec() const {
  ExperimentSpec spec = setup_->spec();
  if (spec.dataDir.empty()) spec.dataDir = DataLocations::folder(QString::fromStdString(spec.dataset)).toStdString();
  writeTrigger(spec);
  return spec;
}

int Workspace::sampleIndex() const { return sampleSpin_->value(); }

void Workspace::setSampleIndex(int index) {
  if (sampleSpin_->value() != index) return sampleSpin_->setValue(index);  // comes back here
  if (!lab_ || index < 0 || index >= lab_->testCount()) return;
  sample_ = lab_->sample(index);
  showInputToDefences();
  const auto names = lab_->classNames();
  sampleLabel_->setText(tr("of %1 — true class: %2")
                            .arg(lab_->testCount())
                            .arg(QString::fromStdString(names[static_cast<std::size_t>(sample_.label)])));
  showSample(sample_);
  for (auto& live : live_) live->setSample(index);
}

void Workspace::onLabOpened() {
  lab_ = labController_.lab();
  QStringList names;
  for (const auto& n : lab_->classNames()) names << QString::fromStdString(n);
  setup_->setClassNames(names);
  setup_->setTrainingSize(lab_->trainCount());
  if (!lab_->spec().budget.empty()) budget_->setDefaults(lab_->spec());  // a lecture-budget-* preset
  inspection_->setClasses(names, lab_->spec().target);
  sampleSpin_->setRange(0, std::max(0, lab_->testCount() - 1));
  const int index = std::min(sampleSpin_->value(), lab_->testCount() - 1);
  sampleSpin_->blockSignals(true);
  sampleSpin_->setValue(index);
  sampleSpin_->blockSignals(false);
  setSampleIndex(index);
  if (!userTrigger_ || !triggerUsable()) resetTrigger();
  if (pendingPlacement_) {
    placeTrigger(*pendingPlacement_);
    pendingPlacement_.reset();
  }
  refreshSessions();
  if (!labController_.isBusy()) training_->setRunning(false, tr("Data ready: %1 training and %2 test inputs.")
                                                              .arg(lab_->trainCount())
                                                              .arg(lab_->testCount()));
  say(tr("%1 data ready").arg(modalityName()));
  Q_EMIT labReady();
}

void Workspace::train() {
  if (labController_.isBusy()) return say(tr("Busy: wait for the data or cancel first."));
  ExperimentSpec spec;
  try {
    spec = currentSpec();
    spec.validate();
  } catch (const std::exception& e) {
    training_->setRunning(false, tr("Cannot train: %1").arg(QString::fromUtf8(e.what())));
    return;
  }
  const auto heads = setup_->heads();
  for (const Head head : heads) {
    models_[static_cast<std::size_t>(headSlot(head))].reset();
    live_[static_cast<std::size_t>(headSlot(head))]->clearSession();
    inspection_->clear(head, tr("training…"));
  }
  // The off-position the curves watch: the user's choice, else the named
  // placement farthest from where the trigger is poisoned.
  QStringList offPositions;
  for (const auto& name : namedPlacementsFor(modality_))
    if (!isRandomPlacement(name)) offPositions << QString::fromStdString(name);
  const QString farthest = QString::fromStdString(farthestPlacement(modality_, spec.trainPositions.front()));
  const QString current = training_->offPosition();
  training_->setOffPositions(offPositions, current.isEmpty() || current == defaultOffPosition_ ? farthest : current);
  defaultOffPosition_ = farthest;
  training_->startRun(heads);
  labController_.train(spec, heads, training_->offPosition().toStdString());
  say(tr("Training %1 model(s)…").arg(heads.size()));
}

void Workspace::trainWhenReady() {
  if (labController_.isBusy()) trainWhenLoaded_ = true;
  else train();
}

void Workspace::onModelReady(const LabModelInfo& info) {
  models_[static_cast<std::size_t>(headSlot(info.head))] = info;
  training_->setModel(info);
  say(tr("%1 model ready%2").arg(headName(info.head), info.fromCache ? tr(" (from the cache)") : QString()));
  refreshSessions();
}

void Workspace::onTrainingFinished(bool cancelled, const QString& error) {
  QString message;
  if (!error.isEmpty() && !lab_) {
    // The data could not be loaded: say what is missing and how to get it.
    const QString dataset = QString::fromStdString(setup_->spec().dataset);
    message = tr("<b>Could not load %1.</b> %2<br>%3").arg(dataset, error.toHtmlEscaped(), DataLocations::howToGet(dataset));
  } else if (!error.isEmpty()) message = tr("Failed: %1").arg(error);
  else if (cancelled) message = tr("Cancelled.");
  else if (hasModel(Head::Fc) || hasModel(Head::Gap)) message = tr("Done. Drag the trigger to see where the backdoor fires.");
  training_->setRunning(false, message);
  if (!message.isEmpty()) say(message);
  Q_EMIT trainingFinished(cancelled, error);
  if (std::exchange(trainWhenLoaded_, false) && !cancelled && error.isEmpty()) train();
}

LiveAsrController::SessionFactory Workspace::sessionFactory(const std::string& checkpoint) const {
  auto lab = lab_;
  const ExperimentSpec spec = currentSpec();
  return [lab, checkpoint, spec] { return lab->session(checkpoint, spec); };
}

void Workspace::refreshSessions() {
  if (!lab_) return;
  for (const Head head : kHeads) {
    const auto slot = static_cast<std::size_t>(headSlot(head));
    if (!models_[slot]) continue;
    live_[slot]->setSessionFactory(sessionFactory(models_[slot]->checkpoint));
    live_[slot]->setSample(sampleIndex());
    live_[slot]->requestPosition(placement());
  }
}

void Workspace::connectLive(Head head) {
  auto* live = live_[static_cast<std::size_t>(headSlot(head))].get();
  connect(live, &LiveAsrController::inspected, this, [this, head](int, int, const Inspection& inspection) {
    inspections_[static_cast<std::size_t>(headSlot(head))] = inspection;
    inspection_->setInspection(head, inspection);
    if (inspection_->mapHead() == head) showInspection(inspection);
  });
  connect(live, &LiveAsrController::result, this,
          [this, head](int, int, double asr, double low, double high, int n, bool final) {
            inspection_->setAsr(head, asr, low, high, n, final);
          });
  connect(live, &LiveAsrController::failed, this, [this, head](const QString& message) {
    inspection_->clear(head, message);
    say(message);
  });
}

void Workspace::triggerMoved() {
  userTrigger_ = true;
  const Placement p = placement();
  for (const Head head : kHeads) {
    map_->view(head)->setMarker(toMap(p));
    if (hasModel(head)) live_[static_cast<std::size_t>(headSlot(head))]->requestPosition(p);
  }
  stripFollowsTheTrigger();
}

void Workspace::triggerEdited() {
  userTrigger_ = true;
  editDebounce_.start();
}

void Workspace::cancelAll() {
  labController_.cancel();
  budgetRunner_.cancel();
  defenceRunner_.cancel();
  stripFollower_.cancel();
  for (auto& sweep : sweeps_)
    if (sweep) sweep->cancel();
  gridRunner_.cancel();
}

bool Workspace::isBusy() const {
  return labController_.isBusy() || gridRunner_.isRunning() || budgetRunner_.isRunning() ||
         defenceRunner_.isRunning() || stripFollower_.isRunning() ||
         std::any_of(sweeps_.begin(), sweeps_.end(), [](const auto& s) { return s && s->isRunning(); });
}

}  // namespace gaplab::app
