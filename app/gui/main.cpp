// SPDX-License-Identifier: GPL-3.0-or-later
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include <clocale>

#include "gaplab/error.h"
#include "gaplab/modality.h"
#include "gaplab/version.h"
#include "main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  // Qt adopts the user's locale for the C library too; CSV, JSON and specs
  // must write "0.5" under a German locale as under any other.
  std::setlocale(LC_NUMERIC, "C");
  QApplication::setApplicationName("gaplab");
  QApplication::setOrganizationName("gaplab");
  QApplication::setApplicationVersion(QString::fromUtf8(gaplab::kVersion));
  QApplication::setDesktopFileName("org.gaplab.Gaplab");
  QApplication::setWindowIcon(QIcon::fromTheme("gaplab", QIcon(":/icons/gaplab.svg")));
  QCommandLineParser parser;
  parser.setApplicationDescription("A lab for dynamic backdoors with global average pooling");
  parser.addHelpOption();
  parser.addVersionOption();
  QStringList modalities;
  for (const auto modality : gaplab::allModalities()) modalities << QString::fromStdString(gaplab::toString(modality));
  QCommandLineOption workspace("workspace", "Start in this workspace: " + modalities.join(", ") + ".", "name");
  parser.addOption(workspace);
  parser.addPositionalArgument("session", "A .gaplab session file to open.", "[session]");
  parser.process(app);

  gaplab::app::MainWindow window;
  const QString start = parser.value(workspace);
  if (!start.isEmpty()) {
    try {
      window.setCurrentWorkspace(gaplab::modalityFromString(start.toStdString()));
    } catch (const gaplab::Error& e) {
      std::fprintf(stderr, "gaplab: --workspace: %s\n", e.what());
      return 2;
    }
  }
  window.show();
  if (!parser.positionalArguments().isEmpty()) {
    window.openSessionInteractive(parser.positionalArguments().front());
  }
  return QApplication::exec();
}
