#include <QApplication>
#include <QCommandLineParser>

#include "gaplab/version.h"
#include "main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("gaplab");
  QApplication::setOrganizationName("gaplab");
  QApplication::setApplicationVersion(QString::fromUtf8(gaplab::kVersion));
  QCommandLineParser parser;
  parser.setApplicationDescription("A lab for dynamic backdoors with global average pooling");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.process(app);

  gaplab::app::MainWindow window;
  window.show();
  return QApplication::exec();
}
