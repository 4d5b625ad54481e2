// SPDX-License-Identifier: GPL-3.0-or-later
#include "grid_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>
#include <map>

#include "gaplab/metrics.h"
#include "grid_figure.h"

namespace gaplab::app {

GridPanel::GridPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* row = new QHBoxLayout;
  reps_ = new QSpinBox(this);
  reps_->setRange(1, 20);
  reps_->setPrefix(tr("repetitions "));
  reps_->setToolTip(tr("Models trained per (head, training position), each with its own seed"));
  run_ = new QPushButton(tr("Run grid"), this);
  run_->setToolTip(tr("Train at every training position and attack at every test position (the paper's figure)"));
  cancel_ = new QPushButton(tr("Stop"), this);
  cancel_->setEnabled(false);
  bar_ = new QProgressBar(this);
  bar_->setTextVisible(false);
  row->addWidget(reps_);
  row->addWidget(run_);
  row->addWidget(cancel_);
  row->addWidget(bar_, 1);
  layout->addLayout(row);
  status_ = new QLabel(this);
  layout->addWidget(status_);
  auto* splitter = new QSplitter(Qt::Vertical, this);
  figure_ = new widgets::GridFigure(splitter);
  figure_->setFigureName("asr-vs-test-position");
  table_ = new QTableWidget(splitter);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  splitter->addWidget(figure_);
  splitter->addWidget(table_);
  layout->addWidget(splitter, 1);
  connect(run_, &QPushButton::clicked, this, &GridPanel::runRequested);
  connect(cancel_, &QPushButton::clicked, this, &GridPanel::cancelRequested);
}

int GridPanel::reps() const { return reps_->value(); }

void GridPanel::setRows(const std::vector<GridRow>& rows, const ExperimentSpec& spec) {
  rows_ = rows;
  // ASR per (head, training position, test position) over repetitions.
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<double>> asr;
  for (const auto& r : rows) asr[{r.head, r.posTrain, r.posTest}].push_back(r.asr);
  QStringList testPositions;
  for (const auto& p : spec.testPositions) testPositions << QString::fromStdString(p);
  std::vector<widgets::GridLine> lines;
  for (const Head head : spec.heads)
    for (const auto& train : spec.trainPositions) {
      widgets::GridLine line;
      line.head = QString::fromStdString(toString(head));
      line.trainPosition = QString::fromStdString(train);
      bool any = false;
      for (const auto& test : spec.testPositions) {
        const auto it = asr.find({toString(head), train, test});
        const auto stats = it == asr.end() ? MeanStd{} : meanStd(it->second);
        any |= it != asr.end();
        line.mean.push_back(it == asr.end() ? std::nan("") : stats.mean);
        line.std.push_back(stats.std);
      }
      if (any) lines.push_back(line);
    }
  figure_->setData(testPositions, lines);
  table_->clear();
  table_->setColumnCount(int(testPositions.size()));
  table_->setHorizontalHeaderLabels(testPositions);
  table_->setRowCount(int(lines.size()));
  QStringList rowNames;
  for (int i = 0; i < int(lines.size()); ++i) {
    const auto& line = lines[static_cast<std::size_t>(i)];
    rowNames << QString("%1 @ %2").arg(line.head.toUpper(), line.trainPosition);
    for (int j = 0; j < int(line.mean.size()); ++j) {
      const double m = line.mean[static_cast<std::size_t>(j)];
      auto* item = new QTableWidgetItem(std::isnan(m) ? QString("…")
                                                      : QString("%1 ± %2")
                                                            .arg(100 * m, 0, 'f', 1)
                                                            .arg(100 * line.std[static_cast<std::size_t>(j)], 0, 'f', 1));
      item->setTextAlignment(Qt::AlignCenter);
      table_->setItem(i, j, item);
    }
  }
  table_->setVerticalHeaderLabels(rowNames);
}

void GridPanel::setRunning(bool running) {
  run_->setEnabled(!running);
  cancel_->setEnabled(running);
  reps_->setEnabled(!running);
  if (!running) bar_->setValue(bar_->maximum());
}

void GridPanel::setProgress(int training, int trainings, const QString& label, int epoch, int epochs) {
  bar_->setRange(0, std::max(1, trainings * std::max(1, epochs)));
  bar_->setValue((training - 1) * std::max(1, epochs) + epoch);
  status_->setText(tr("training %1 of %2: %3, epoch %4/%5").arg(training).arg(trainings).arg(label).arg(epoch + 1).arg(epochs));
}

void GridPanel::setMessage(const QString& message) { status_->setText(message); }

QString GridPanel::tableCsv() const { return QString::fromStdString(gridCsvTable().csv(rows_)); }

}  // namespace gaplab::app
