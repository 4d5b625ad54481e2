// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QWidget>

#include <memory>
#include <vector>

#include "gaplab/experiment_spec.h"
#include "trigger_rows.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace gaplab::app {

// The settings of one workspace's experiment: preset, dataset, model, heads,
// trigger, poisoning and training. Edits a copy of an ExperimentSpec; keys
// the form does not show keep the preset's values. Its choices come from core
// (gaplab/modality.h), and a spec it cannot show exactly is refused, never
// silently changed into another experiment.
class SetupPanel : public QWidget {
  Q_OBJECT
public:
  explicit SetupPanel(Modality modality, QWidget* parent = nullptr);

  // Shows `spec`. Throws Error naming the first key the form cannot show as it
  // is (the form then keeps what it showed before).
  void setSpec(const ExperimentSpec& spec);
  Modality modality() const { return modality_; }
  ExperimentSpec spec() const;  // the form over the last spec set
  std::vector<Head> heads() const;  // the models to train: FC, GAP or both
  void setClassNames(const QStringList& names);
  void setTrainingSize(int inputs);  // for poisoning percentages

Q_SIGNALS:
  void presetChosen(const QString& name);
  void changed();

private:
  void addCommonRows();
  void showInWidgets(const ExperimentSpec& spec);
  void updatePoisonLabel();
  void updateTargetLabel();

  Modality modality_;
  ExperimentSpec base_;
  bool hasSpec_ = false;  // a spec was shown (the form's defaults are none)
  QStringList classNames_;
  int trainingSize_ = 0;

  QComboBox* preset_;
  QComboBox* dataset_;
  QLineEdit* dataDir_;
  QComboBox* model_;
  QComboBox* heads_;
  QDoubleSpinBox* poison_;
  QComboBox* poisonUnit_;
  QLabel* poisonLabel_;
  QComboBox* poisonSelection_;
  QSpinBox* target_;
  QLabel* targetLabel_;
  QComboBox* trainPosition_;
  QSpinBox* epochs_;
  QSpinBox* patience_;
  QSpinBox* batchSize_;
  QDoubleSpinBox* learningRate_;
  QSpinBox* seed_;
  QSpinBox* limitTrain_;
  QSpinBox* limitTest_;
  std::unique_ptr<TriggerRows> triggerRows_;  // the modality's own rows
};

}  // namespace gaplab::app
