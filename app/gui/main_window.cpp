#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QMenuBar>
#include <QStatusBar>

#include "gaplab/version.h"
#include "placeholder_panel.h"

namespace gaplab::app {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("gaplab %1").arg(QString::fromUtf8(kVersion)));
  setCentralWidget(new widgets::PlaceholderPanel(this));
  auto* fileMenu = menuBar()->addMenu(tr("&File"));
  auto* quit = fileMenu->addAction(tr("&Quit"), qApp, &QApplication::quit);
  quit->setShortcut(QKeySequence::Quit);
  statusBar()->showMessage(tr("Ready"));
  resize(900, 600);
}

}  // namespace gaplab::app
