// SPDX-License-Identifier: GPL-3.0-or-later
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include "gaplab/version.h"
#include "main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("gaplab");
  QApplication::setOrganizationName("gaplab");
  QApplication::setApplicationVersion(QString::fromUtf8(gaplab::kVersion));
  QApplication::setDesktopFileName("org.gaplab.Gaplab");
  QApplication::setWindowIcon(QIcon::fromTheme("gaplab", QIcon(":/icons/gaplab.svg")));
  QCommandLineParser parser;
  parser.setApplicationDescription("A lab for dynamic backdoors with global average pooling");
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption workspace("workspace", "Start in this workspace: image, sound or text.", "name");
  parser.addOption(workspace);
  parser.addPositionalArgument("session", "A .gaplab session file to open.", "[session]");
  parser.process(app);

  gaplab::app::MainWindow window;
  const QString start = parser.value(workspace);
  if (start == "image") window.setCurrentWorkspace(0);
  else if (start == "sound") window.setCurrentWorkspace(1);
  else if (start == "text") window.setCurrentWorkspace(2);
  else if (!start.isEmpty()) {
    std::fprintf(stderr, "gaplab: unknown workspace '%s' (image, sound or text)\n", qPrintable(start));
    return 2;
  }
  window.show();
  if (!parser.positionalArguments().isEmpty()) {
    window.openSessionInteractive(parser.positionalArguments().front());
  }
  return QApplication::exec();
}
