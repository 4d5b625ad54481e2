// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QFont>
#include <QMainWindow>
#include <QTimer>

#include <optional>
#include <vector>

#include "gaplab/modality.h"
#include "session_file.h"
#include "torch_queue.h"

class QAction;
class QDockWidget;
class QLabel;
class QStackedWidget;
class QTabWidget;
class QToolButton;

namespace gaplab::app {

class Workspace;

// The lab: one workspace per modality in tabs, and docks around them for
// the setup, training, live inspection, the position map and the grid.
// Each dock shows the current workspace's panel. Window layout, the cache
// folder and recent sessions are kept in QSettings.
class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // One workspace per registered modality (modality_views.h), in its order.
  const std::vector<Workspace*>& workspaces() const { return workspaces_; }
  Workspace* workspaceOf(Modality modality) const;  // throws Error for one without a workspace
  // The workspace of class W (ImageWorkspace, ...), for tests and tools.
  template <class W>
  W* workspace() const {
    for (auto* w : workspaces_)
      if (auto* typed = qobject_cast<W*>(w)) return typed;
    return nullptr;
  }
  Workspace* currentWorkspace() const;
  void setCurrentWorkspace(Modality modality);
  QString cacheDir() const { return cacheDir_; }

  Session session() const;
  // Throw std::runtime_error naming the file.
  // Returns the bytes of models embedded (withModels), for the status bar.
  qint64 saveSessionTo(const QString& path, bool withModels = false);
  // Returns how many of the session's models are on this computer neither in
  // the cache, beside the file nor embedded in it.
  int openSessionFrom(const QString& path);
  // Opens `path` (asks for one if empty), and offers to retrain missing models.
  void openSessionInteractive(const QString& path = {});
  // Trains every workspace whose session models were missing (same spec and seed: same bits).
  void retrainMissingModels();
  // Every figure of every workspace as PDF, SVG and PNG, with its CSV. Returns the files written.
  QStringList exportAllFigures(const QString& directory);
  // View > Lecture mode (F11): full screen, fonts kLectureFontScale times
  // larger, only the input, the live inspection and the position maps.
  void setLectureMode(bool on);
  bool lectureMode() const { return lecture_.has_value(); }
  static constexpr double kLectureFontScale = 1.6;

protected:
  void closeEvent(QCloseEvent* event) override;

private:
  void createDocks();
  void createMenus();
  QDockWidget* addPanelDock(const QString& title, const QString& name, Qt::DockWidgetArea area,
                            QStackedWidget** stack);
  void showStatus(const QString& message);
  void updateJobs();  // the torch queue's jobs in the status bar
  void saveSessionInteractive(bool askForPath, bool withModels = false);
  void readSettings();
  void writeSettings() const;

  QTabWidget* tabs_;
  std::vector<Workspace*> workspaces_;  // owned by tabs_
  QStackedWidget* setupStack_ = nullptr;
  QStackedWidget* trainingStack_ = nullptr;
  QStackedWidget* inspectionStack_ = nullptr;
  QStackedWidget* mapStack_ = nullptr;
  QStackedWidget* gridStack_ = nullptr;
  QStackedWidget* budgetStack_ = nullptr;
  QStackedWidget* defencesStack_ = nullptr;
  TorchQueue torchQueue_;  // outlives no workspace's job: ~MainWindow cancels them all first
  struct LectureState {
    QByteArray state;  // the docks as they were
    QFont font;
    bool wasFullScreen = false;
    QSize size;  // the window's, to go back to
  };
  std::optional<LectureState> lecture_;
  QAction* lectureMode_ = nullptr;
  QLabel* jobs_;
  QToolButton* cancelJob_;
  QString cacheDir_;
  QString sessionPath_;
  QByteArray defaultState_;
};

}  // namespace gaplab::app
