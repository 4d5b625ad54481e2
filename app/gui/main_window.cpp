// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QLayout>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>

#include "data_locations.h"
#include "figure_widget.h"
#include "gaplab/error.h"
#include "gaplab/version.h"
#include "budget_panel.h"
#include "defences_panel.h"
#include "grid_panel.h"
#include "inspection_panel.h"
#include "map_panel.h"
#include "modality_views.h"
#include "setup_panel.h"
#include "training_panel.h"
#include "workspace.h"

namespace gaplab::app {

namespace {

QString defaultCacheDir() {
  return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + "/gaplab";
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("gaplab %1").arg(QString::fromUtf8(kVersion)));
  setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks | QMainWindow::AllowNestedDocks);
  cacheDir_ = QSettings().value("cacheDir", defaultCacheDir()).toString();

  tabs_ = new QTabWidget(this);
  tabs_->setDocumentMode(true);
  for (const auto& views : modalityViews()) {
    auto* workspace = views.makeWorkspace(tabs_);
    workspaces_.push_back(workspace);
    tabs_->addTab(workspace, views.title);
    workspace->setCacheDir(cacheDir_);
    workspace->setTorchQueue(&torchQueue_);
    connect(workspace, &Workspace::statusChanged, this, &MainWindow::showStatus);
  }
  setCentralWidget(tabs_);
  createDocks();
  createMenus();
  connect(tabs_, &QTabWidget::currentChanged, this, [this](int index) {
    for (auto* stack : {setupStack_, trainingStack_, inspectionStack_, mapStack_, gridStack_, budgetStack_, defencesStack_})
      stack->setCurrentIndex(index);
    workspaces_[static_cast<std::size_t>(index)]->activate();
  });

  jobs_ = new QLabel(this);
  jobs_->setObjectName("jobs");
  statusBar()->addPermanentWidget(jobs_);
  cancelJob_ = new QToolButton(this);
  cancelJob_->setObjectName("cancelJob");
  cancelJob_->setText(tr("Cancel…"));
  cancelJob_->setToolTip(tr("Cancel a running or waiting job"));
  cancelJob_->setPopupMode(QToolButton::InstantPopup);
  cancelJob_->setMenu(new QMenu(cancelJob_));
  statusBar()->addPermanentWidget(cancelJob_);
  connect(&torchQueue_, &TorchQueue::changed, this, &MainWindow::updateJobs);
  updateJobs();
  statusBar()->showMessage(tr("Pick a preset, press Train (F5), then drag the trigger."));
  resize(1280, 820);
  defaultState_ = saveState();
  readSettings();
  // Once the event loop runs, so that a workspace chosen on the command line loads instead.
  QTimer::singleShot(0, this, [this] { currentWorkspace()->activate(); });
}

MainWindow::~MainWindow() {
  for (auto* w : workspaces_) w->cancelAll();
}

Workspace* MainWindow::workspaceOf(Modality modality) const {
  for (auto* w : workspaces_)
    if (w->modality() == modality) return w;
  throw Error("no " + toString(modality) + " workspace");
}
Workspace* MainWindow::currentWorkspace() const { return workspaces_[static_cast<std::size_t>(tabs_->currentIndex())]; }
void MainWindow::setCurrentWorkspace(Modality modality) { tabs_->setCurrentWidget(workspaceOf(modality)); }

QDockWidget* MainWindow::addPanelDock(const QString& title, const QString& name, Qt::DockWidgetArea area,
                                      QStackedWidget** stack) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName(name);  // saveState() needs it
  *stack = new QStackedWidget(dock);
  dock->setWidget(*stack);
  addDockWidget(area, dock);
  return dock;
}

void MainWindow::createDocks() {
  auto* setup = addPanelDock(tr("Setup"), "setup", Qt::LeftDockWidgetArea, &setupStack_);
  auto* training = addPanelDock(tr("Training"), "training", Qt::LeftDockWidgetArea, &trainingStack_);
  auto* inspection = addPanelDock(tr("Live inspection"), "inspection", Qt::RightDockWidgetArea, &inspectionStack_);
  auto* map = addPanelDock(tr("Position map"), "map", Qt::BottomDockWidgetArea, &mapStack_);
  auto* grid = addPanelDock(tr("Grid (paper figure)"), "grid", Qt::BottomDockWidgetArea, &gridStack_);
  auto* budget = addPanelDock(tr("Poison budget"), "budget", Qt::BottomDockWidgetArea, &budgetStack_);
  auto* defences = addPanelDock(tr("Defences"), "defences", Qt::BottomDockWidgetArea, &defencesStack_);
  for (auto* w : workspaces_) {
    auto* scroll = new QScrollArea;
    scroll->setWidget(w->setupPanel());
    scroll->setWidgetResizable(true);
    setupStack_->addWidget(scroll);
    // Scrolled like the setup: a trained model's lines must not widen the
    // left dock, and with it the window, past a 1280-px screen.
    auto* trainingScroll = new QScrollArea;
    trainingScroll->setWidget(w->trainingPanel());
    trainingScroll->setWidgetResizable(true);
    trainingScroll->setFrameShape(QFrame::NoFrame);
    trainingStack_->addWidget(trainingScroll);
    inspectionStack_->addWidget(w->inspectionPanel());
    mapStack_->addWidget(w->mapPanel());
    gridStack_->addWidget(w->gridPanel());
    budgetStack_->addWidget(w->budgetPanel());
    // Two heads' plots side by side need more width than a 1280-px screen
    // leaves: the panel scrolls rather than widening the window.
    auto* defencesScroll = new QScrollArea;
    defencesScroll->setWidget(w->defencesPanel());
    defencesScroll->setWidgetResizable(true);
    defencesScroll->setFrameShape(QFrame::NoFrame);
    defencesStack_->addWidget(defencesScroll);
  }
  tabifyDockWidget(setup, training);
  setup->raise();
  tabifyDockWidget(map, grid);
  tabifyDockWidget(grid, budget);
  tabifyDockWidget(budget, defences);
  map->raise();
  resizeDocks({setup, inspection}, {340, 330}, Qt::Horizontal);
  resizeDocks({map}, {300}, Qt::Vertical);
}

void MainWindow::createMenus() {
  auto* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open session…"), QKeySequence::Open, this, [this] { openSessionInteractive(); });
  file->addAction(tr("&Save session"), QKeySequence::Save, this, [this] { saveSessionInteractive(false); });
  file->addAction(tr("Save session &as…"), QKeySequence::SaveAs, this, [this] { saveSessionInteractive(true); });
  auto* withModels = file->addAction(tr("Save session with &models…"), this, [this] { saveSessionInteractive(true, true); });
  withModels->setToolTip(tr("Embed the trained models, so that the session opens on another computer as it is"));
  file->addSeparator();
  file->addAction(tr("&Export all figures…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export all figures to"));
    if (dir.isEmpty()) return;
    try {
      const auto files = exportAllFigures(dir);
      showStatus(tr("Wrote %1 files to %2").arg(files.size()).arg(dir));
    } catch (const std::exception& e) {
      QMessageBox::warning(this, tr("Export failed"), QString::fromUtf8(e.what()));
    }
  });
  file->addAction(tr("&Data locations…"), this, [this] {
    DataLocationsDialog dialog(this);
    dialog.exec();
  });
  file->addAction(tr("Model &cache folder…"), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Where trained models are kept"), cacheDir_);
    if (dir.isEmpty()) return;
    cacheDir_ = dir;
    for (auto* w : workspaces_) w->setCacheDir(dir);
    QSettings().setValue("cacheDir", dir);
  });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  auto* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(tr("&Load data"), QKeySequence(Qt::Key_F6), this, [this] { currentWorkspace()->reload(); });
  run->addAction(tr("&Train"), QKeySequence(Qt::Key_F5), this, [this] { currentWorkspace()->train(); });
  run->addAction(tr("&Map positions"), QKeySequence(Qt::Key_F7), this, [this] { currentWorkspace()->runMap(); });
  run->addAction(tr("Run the &grid"), QKeySequence(Qt::Key_F8), this, [this] { currentWorkspace()->runGrid(); });
  run->addAction(tr("Run the poison &budget"), this, [this] { currentWorkspace()->runBudget(); });
  run->addAction(tr("Run the &defence on both heads"), this, [this] { currentWorkspace()->runDefences(); });
  run->addAction(tr("&Cancel"), QKeySequence(Qt::Key_Escape), this, [this] { currentWorkspace()->cancelAll(); });

  auto* view = menuBar()->addMenu(tr("&View"));
  for (int i = 0; i < 3; ++i)
    view->addAction(tabs_->tabText(i).remove('&') + tr(" workspace"), QKeySequence(Qt::CTRL | (Qt::Key_1 + i)), this,
                    [this, i] { tabs_->setCurrentIndex(i); });
  view->addSeparator();
  for (auto* dock : findChildren<QDockWidget*>()) view->addAction(dock->toggleViewAction());
  view->addSeparator();
  view->addAction(tr("&Reset layout"), this, [this] { restoreState(defaultState_); });
  lectureMode_ = view->addAction(tr("&Lecture mode"), QKeySequence(Qt::Key_F11), this, &MainWindow::setLectureMode);
  lectureMode_->setCheckable(true);
  lectureMode_->setToolTip(tr("Full screen, large fonts: only the input, both models' ASR and both maps"));
  addAction(lectureMode_);  // F11 also works while the menu bar is hidden

  auto* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Getting started"), QKeySequence::HelpContents, this, [this] {
    QMessageBox::information(
        this, tr("Getting started"),
        tr("<ol><li>Pick a preset in <b>Setup</b> (lecture-image is small and fast).</li>"
           "<li>Press <b>Train</b> (F5): an FC and a GAP model are trained side by side, or loaded from the cache.</li>"
           "<li>Drag the trigger on the input (Move tool). <b>Live inspection</b> shows each model's prediction and "
           "the attack success rate at that position; the activation map follows.</li>"
           "<li><b>Position map</b> (F7) measures every position; click a cell to move the trigger there.</li>"
           "<li><b>Grid</b> (F8) runs the paper's experiment; File ▸ Export all figures writes PDF/SVG/PNG + CSV.</li></ol>"));
  });
  help->addAction(tr("&About gaplab"), this, [this] {
    QMessageBox::about(this, tr("About gaplab"),
                       tr("<b>gaplab %1</b><p>A lab for dynamic backdoors with global average pooling, after "
                          "Koffas, Picek and Conti, AICAS 2022.</p>")
                           .arg(QString::fromUtf8(kVersion)));
  });
}

void MainWindow::showStatus(const QString& message) { statusBar()->showMessage(message, 8000); }

void MainWindow::setLectureMode(bool on) {
  if (on == lecture_.has_value()) return;
  if (on) {
    // For the back row: everything but the input, the live ASRs and the maps
    // goes, and every font grows.
    lecture_ = LectureState{saveState(), QApplication::font(), isFullScreen(), size()};
    for (auto* dock : findChildren<QDockWidget*>())
      dock->setVisible(dock->objectName() == "inspection" || dock->objectName() == "map");
    for (auto* dock : findChildren<QDockWidget*>())
      if (dock->objectName() == "map") dock->raise();
    menuBar()->hide();
    statusBar()->hide();
    QFont large = lecture_->font;
    large.setPointSizeF(large.pointSizeF() * kLectureFontScale);
    QApplication::setFont(large);
    showFullScreen();
    // The maps below, the input and the class list above: give the class
    // list the larger share of a small screen.
    QTimer::singleShot(0, this, [this] {
      if (!lecture_) return;
      for (auto* dock : findChildren<QDockWidget*>())
        if (dock->objectName() == "map") resizeDocks({dock}, {height() * 2 / 5}, Qt::Vertical);
    });
  } else {
    QApplication::setFont(lecture_->font);
    menuBar()->show();
    statusBar()->show();
    if (!lecture_->wasFullScreen) showNormal();
    restoreState(lecture_->state);
    // Until the layouts have caught up with the smaller font they ask for
    // the large one's room, and the window grew to it: 1280x900 on a
    // 1280x800 screen. Once they have, the window gets its old size back.
    const QSize before = lecture_->size;
    lecture_.reset();
    QTimer::singleShot(0, this, [this, before] {
      if (lecture_ || isFullScreen() || isMaximized()) return;
      if (layout()) layout()->activate();
      resize(before.expandedTo(minimumSizeHint()));
    });
  }
  lectureMode_->setChecked(on);
}

void MainWindow::updateJobs() {
  const QString summary = torchQueue_.summary();
  jobs_->setText(summary.isEmpty() ? tr("idle") : summary);
  auto* menu = cancelJob_->menu();
  menu->clear();
  for (const auto& job : torchQueue_.jobs()) {
    const int id = job.id;
    menu->addAction(job.running ? tr("Stop %1").arg(job.name) : tr("Drop %1 (waiting)").arg(job.name), this,
                    [this, id] { torchQueue_.cancel(id); });
  }
  cancelJob_->setEnabled(!menu->isEmpty());
}

Session MainWindow::session() const {
  Session s;
  s.currentWorkspace = tabs_->currentIndex();
  for (auto* w : workspaces_) s.workspaces.push_back(w->state());
  return s;
}

qint64 MainWindow::saveSessionTo(const QString& path, bool withModels) {
  Session s = session();
  const qint64 embedded = withModels ? embedModels(s) : 0;
  saveSession(s, path);
  sessionPath_ = path;
  setWindowFilePath(path);
  showStatus(withModels ? tr("Saved %1 with its models (%2 MB of models)").arg(path).arg(embedded / 1e6, 0, 'f', 1)
                        : tr("Saved %1").arg(path));
  return embedded;
}

int MainWindow::openSessionFrom(const QString& path) {
  Session s = loadSession(path);  // throws before anything changes
  const int missing = placeModels(s, path, cacheDir_);
  for (const auto& state : s.workspaces)
    for (auto* w : workspaces_)
      if (w->modality() == state.modality) w->restore(state);
  tabs_->setCurrentIndex(std::clamp(s.currentWorkspace, 0, int(workspaces_.size()) - 1));
  sessionPath_ = path;
  setWindowFilePath(path);
  showStatus(missing ? tr("Opened %1; %n model(s) not on this computer", "", missing).arg(path)
                     : tr("Opened %1").arg(path));
  return missing;
}

void MainWindow::retrainMissingModels() {
  for (auto* w : workspaces_) {
    const auto state = w->state();
    if (state.models.size() < state.spec.heads.size()) w->trainWhenReady();
  }
}

void MainWindow::saveSessionInteractive(bool askForPath, bool withModels) {
  QString path = sessionPath_;
  if (askForPath || path.isEmpty())
    path = QFileDialog::getSaveFileName(this, withModels ? tr("Save session with models") : tr("Save session"), path,
                                        tr("gaplab sessions (*.gaplab)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(".gaplab")) path += ".gaplab";
  try {
    saveSessionTo(path, withModels);
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Could not save the session"), QString::fromUtf8(e.what()));
  }
}

void MainWindow::openSessionInteractive(const QString& chosen) {
  const QString path = !chosen.isEmpty() ? chosen
                                         : QFileDialog::getOpenFileName(this, tr("Open session"),
                                                                        QFileInfo(sessionPath_).path(),
                                                                        tr("gaplab sessions (*.gaplab);;All files (*)"));
  if (path.isEmpty()) return;
  try {
    const int missing = openSessionFrom(path);
    // Trainings are reproducible: the session's spec and seed give its models' weights again.
    if (missing > 0 &&
        QMessageBox::question(this, tr("Models missing"),
                              tr("%n model(s) of this session are not on this computer (it was saved without its "
                                 "models). Train them again from the session's settings and seed? The same settings "
                                 "and seed give the same weights.",
                                 "", missing)) == QMessageBox::Yes)
      retrainMissingModels();
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Could not open the session"), QString::fromUtf8(e.what()));
  }
}

QStringList MainWindow::exportAllFigures(const QString& directory) {
  QStringList written;
  if (!QDir().mkpath(directory)) throw std::runtime_error("cannot create '" + directory.toStdString() + "'");
  for (auto* w : workspaces_)
    for (auto* figure : w->figures()) {
      const QString stem = QDir(directory).filePath(w->modalityName() + "-" + figure->figureName());
      for (const QString suffix : {"pdf", "svg", "png"}) {
        figure->exportImage(stem + "." + suffix);
        written << stem + "." + suffix;
      }
      figure->exportCsv(stem + ".csv");
      written << stem + ".csv";
    }
  return written;
}

void MainWindow::readSettings() {
  QSettings settings;
  if (settings.contains("geometry")) restoreGeometry(settings.value("geometry").toByteArray());
  if (settings.contains("windowState")) restoreState(settings.value("windowState").toByteArray());
  tabs_->setCurrentIndex(std::clamp(settings.value("workspace", 0).toInt(), 0, 2));
  sessionPath_ = settings.value("sessionPath").toString();
}

void MainWindow::writeSettings() const {
  QSettings settings;
  settings.setValue("geometry", saveGeometry());
  settings.setValue("windowState", saveState());
  settings.setValue("workspace", tabs_->currentIndex());
  settings.setValue("sessionPath", sessionPath_);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  writeSettings();
  for (auto* w : workspaces_) w->cancelAll();
  event->accept();
}

}  // namespace gaplab::app
