// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QTimer>
#include <QWidget>

#include <array>
#include <memory>
#include <optional>
#include <vector>

#include "heads.h"
#include "lab.h"
#include "lab_controller.h"
#include "live_asr_controller.h"
#include "sweep_controller.h"
#include "budget_controller.h"
#include "defence_controller.h"
#include "training_controller.h"
#include "workspace_state.h"

class QLabel;
class QSpinBox;
class QVBoxLayout;

namespace gaplab::widgets {
class FigureWidget;
}

namespace gaplab::app {

class BudgetPanel;
class DefencesPanel;
class GridPanel;
class InspectionPanel;
class MapPanel;
class SetupPanel;
class TrainingPanel;

// One modality's bench: the input with its trigger in the middle (the
// subclass's editor), and the panels the main window docks around it. Owns
// the workers: data loading and training, live inspection per head, the
// position map per head and the grid. The GUI thread only routes results.
class Workspace : public QWidget {
  Q_OBJECT
public:
  Workspace(Modality modality, const QString& defaultPreset, QWidget* parent = nullptr);
  ~Workspace() override;

  Modality modality() const { return modality_; }
  QString modalityName() const { return QString::fromStdString(toString(modality_)); }
  SetupPanel* setupPanel() const { return setup_; }
  TrainingPanel* trainingPanel() const { return training_; }
  InspectionPanel* inspectionPanel() const { return inspection_; }
  MapPanel* mapPanel() const { return map_; }
  GridPanel* gridPanel() const { return grid_; }
  BudgetPanel* budgetPanel() const { return budget_; }
  DefencesPanel* defencesPanel() const { return defences_; }
  std::vector<widgets::FigureWidget*> figures() const;

  void setCacheDir(const QString& dir) { labController_.setCacheDir(dir); }
  // The app's one queue for torch work (the main window's); until set, each
  // job runner has a queue of its own.
  void setTorchQueue(TorchQueue* queue);
  void activate();  // loads the data the first time
  void reload();    // loads the data again for the current setup
  void train();
  // Trains as soon as the data being loaded is in (at once if none is).
  void trainWhenReady();
  void runMap();
  void runGrid();
  void runBudget();
  void runDefences();  // the panel's defence on both heads' models
  void cancelAll();
  bool isBusy() const;

  WorkspaceState state() const;
  void restore(const WorkspaceState& state);
  ExperimentSpec currentSpec() const;  // the setup with the edited trigger
  std::shared_ptr<const Lab> lab() const { return lab_; }
  bool hasModel(Head head) const { return models_[static_cast<std::size_t>(headSlot(head))].has_value(); }
  Placement currentPlacement() const { return placement(); }
  int sampleIndex() const;
  void setSampleIndex(int index);

Q_SIGNALS:
  void statusChanged(const QString& message);
  void labReady();
  void trainingFinished(bool cancelled, const QString& error);
  void trainingProgressed(const QString& head, int epoch, int epochs);
  void mapFinished();
  void gridFinished();
  void budgetFinished();
  void defencesFinished();

protected:
  // The modality's part.
  virtual void showSample(const LabSample& sample) = 0;
  virtual void showInspection(const Inspection& inspection) = 0;  // of the head chosen for the map overlay
  virtual void clearInspection() = 0;
  virtual Placement placement() const = 0;
  virtual void placeTrigger(Placement placement) = 0;  // then calls triggerMoved()
  virtual void resetTrigger() = 0;  // the spec's trigger at its training position
  virtual bool triggerUsable() const { return true; }
  virtual void writeTrigger(ExperimentSpec& spec) const { (void)spec; }
  // Position-map coordinates (x right, y up or down as the input is drawn) for a placement, and back.
  virtual QPoint toMap(Placement p) const { return {p.x, p.y}; }
  virtual Placement fromMap(QPoint p) const { return {p.x(), p.y()}; }
  struct MapAxes {
    QString x, y;
    bool yDownwards = true;
  };
  virtual MapAxes mapAxes() const { return {tr("trigger x (px)"), tr("trigger y (px)"), true}; }

  void setEditor(QWidget* editor);
  void triggerMoved();   // the user (or a map click) moved the trigger
  void triggerEdited();  // the user changed the trigger's shape or values
  const ExperimentSpec& labSpec() const;
  const LabSample& currentSample() const { return sample_; }

private:
  void onLabOpened();
  void onModelReady(const LabModelInfo& info);
  void onTrainingFinished(bool cancelled, const QString& error);
  void connectLive(Head head);
  void refreshSessions();
  void choosePreset(const QString& name);
  LiveAsrController::SessionFactory sessionFactory(const std::string& checkpoint) const;
  void say(const QString& message);

  Modality modality_;
  SetupPanel* setup_;
  TrainingPanel* training_;
  InspectionPanel* inspection_;
  MapPanel* map_;
  GridPanel* grid_;
  BudgetPanel* budget_;
  DefencesPanel* defences_;
  QVBoxLayout* layout_;
  QSpinBox* sampleSpin_;
  QLabel* sampleLabel_;

  LabController labController_;
  bool trainWhenLoaded_ = false;
  QString defaultOffPosition_;  // the last default: a choice that differs from it is the user's
  std::array<std::unique_ptr<LiveAsrController>, 2> live_;
  std::array<std::unique_ptr<SweepController>, 2> sweeps_;
  TrainingController gridRunner_;
  BudgetController budgetRunner_;
  DefenceController defenceRunner_;
  // STRIP with the trigger where the user drags it: a quick estimate, then the full N.
  DefenceController stripFollower_;
  QTimer stripFollowDebounce_;
  bool stripFollowFull_ = false;
  void followStrip();
  void connectRuns();             // the Grid and Poison budget tabs' signals (workspace_runs.cpp)
  void connectDefences();         // the Defences tab's signals (workspace_defences.cpp)
  void showInputToDefences();     // the current input, under the reversed triggers
  void stripFollowsTheTrigger();  // after a drag
  std::array<std::string, 2> modelCheckpoints() const;
  ExperimentSpec gridSpec_;
  std::shared_ptr<const Lab> lab_;
  std::array<std::optional<LabModelInfo>, 2> models_;
  std::array<std::optional<Inspection>, 2> inspections_;
  LabSample sample_;
  bool userTrigger_ = false;  // keep the user's trigger when the data is reloaded
  std::optional<Placement> pendingPlacement_;  // from a restored session
  QTimer editDebounce_;
};

}  // namespace gaplab::app
