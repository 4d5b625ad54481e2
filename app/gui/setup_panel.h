#pragma once
#include <QWidget>

#include <vector>

#include "gaplab/experiment_spec.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace gaplab::app {

// The settings of one workspace's experiment: preset, dataset, model, heads,
// trigger, poisoning and training. Edits a copy of an ExperimentSpec; keys
// the form does not show keep the preset's values.
class SetupPanel : public QWidget {
  Q_OBJECT
public:
  explicit SetupPanel(const QString& modality, QWidget* parent = nullptr);

  void setSpec(const ExperimentSpec& spec);
  ExperimentSpec spec() const;  // the form over the last spec set
  std::vector<Head> heads() const;  // the models to train: FC, GAP or both
  void setClassNames(const QStringList& names);
  void setTrainingSize(int inputs);  // for poisoning percentages

Q_SIGNALS:
  void presetChosen(const QString& name);
  void changed();

private:
  void addCommonRows();
  void addModalityRows();
  void updatePoisonLabel();
  void updateTargetLabel();

  QString modality_;
  ExperimentSpec base_;
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
  // Modality-specific trigger settings (null where not shown).
  QComboBox* triggerPattern_ = nullptr;
  QSpinBox* triggerWidth_ = nullptr;
  QSpinBox* triggerHeight_ = nullptr;
  QComboBox* soundKind_ = nullptr;
  QDoubleSpinBox* soundFrequency_ = nullptr;
  QDoubleSpinBox* soundDuration_ = nullptr;
  QDoubleSpinBox* soundLevel_ = nullptr;
  QLineEdit* textWords_ = nullptr;
};

}  // namespace gaplab::app
