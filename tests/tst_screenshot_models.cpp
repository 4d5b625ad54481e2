// SPDX-License-Identifier: GPL-3.0-or-later
// The GUI's trainings are reproducible end to end: two runs of the screenshot
// program (the three lecture presets trained in the real window, while the
// live loop, maps and a grid run beside them) with fresh model caches leave
// byte-identical models, and every state it shows fits a 1280x800 screen.
// GAPLAB_SCREENSHOTS is set by CTest.
#include <QDirIterator>
#include <QProcess>
#include <QProcessEnvironment>

#include <map>

#include "gaplab/text_data.h"
#include "test_support.h"

namespace {

// Runs the screenshot program with its own cache and settings under `root`;
// returns its output when it fails.
QString runScreenshots(const QString& root) {
  auto environment = QProcessEnvironment::systemEnvironment();
  environment.insert("XDG_CACHE_HOME", root + "/cache");
  environment.insert("XDG_CONFIG_HOME", root + "/config");
  // ctest gives the 1280x800 offscreen screen: the program also checks that every state it shows fits it.
  if (!environment.contains("QT_QPA_PLATFORM")) environment.insert("QT_QPA_PLATFORM", "offscreen");
  if (!environment.contains("GAPLAB_IMDB_JSON"))
    environment.insert("GAPLAB_IMDB_JSON", QString::fromStdString(gaplab::defaultImdbJsonPath()));
  QProcess process;
  process.setProcessEnvironment(environment);
  process.setProcessChannelMode(QProcess::MergedChannels);
  process.start(qEnvironmentVariable("GAPLAB_SCREENSHOTS"), {root + "/png"});
  if (!process.waitForFinished(800000)) return "the screenshot program did not finish";
  if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
    return QString::fromUtf8(process.readAll());
  return {};
}

// Every file of the model cache, by name.
std::map<QString, QByteArray> models(const QString& root) {
  std::map<QString, QByteArray> files;
  QDirIterator it(root + "/cache/gaplab/models", QDir::Files);
  while (it.hasNext()) {
    QFile file(it.next());
    if (file.open(QIODevice::ReadOnly)) files[it.fileName()] = file.readAll();
  }
  return files;
}

}  // namespace

class TestScreenshotModels : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void twoRunsTrainTheSameBytes() {
    QVERIFY2(QFile::exists(qEnvironmentVariable("GAPLAB_SCREENSHOTS")), "GAPLAB_SCREENSHOTS not set");
    QTemporaryDir first, second;
    const QString firstError = runScreenshots(first.path());
    QVERIFY2(firstError.isEmpty(), qPrintable(firstError));
    const QString secondError = runScreenshots(second.path());
    QVERIFY2(secondError.isEmpty(), qPrintable(secondError));
    const auto a = models(first.path()), b = models(second.path());
    QCOMPARE(a.size(), std::size_t(3 * 2 * 3));  // 3 presets x 2 heads x (model, sidecar, history)
    QCOMPARE(b.size(), a.size());
    for (const auto& [name, bytes] : a) {
      QVERIFY2(b.count(name), qPrintable(name + " is missing from the second run"));
      QVERIFY2(b.at(name) == bytes, qPrintable(name + " differs between the runs"));
    }
  }
};

QTEST_GUILESS_MAIN(TestScreenshotModels)
#include "tst_screenshot_models.moc"
