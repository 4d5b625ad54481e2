// SPDX-License-Identifier: GPL-3.0-or-later
// The Debian package: built by CPack from the install rules, extracted into
// a temporary root, and run from there; its declared dependencies; and the
// desktop entry and AppStream metadata pass their validators.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
  int exitCode = -1;
  QString output;
};

Run run(const QString& program, const QStringList& arguments, int timeoutMs = 120000,
        const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
  QProcess process;
  process.setProcessEnvironment(environment);
  process.setProcessChannelMode(QProcess::MergedChannels);
  process.start(program, arguments);
  if (!process.waitForFinished(timeoutMs)) {
    process.kill();
    return {-1, program + " timed out"};
  }
  return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, QString::fromUtf8(process.readAll())};
}

QString env(const char* name) { return qEnvironmentVariable(name); }

}  // namespace

class TestPackage : public QObject {
  Q_OBJECT
  QTemporaryDir work_;
  QString deb_;
  QString root_;

private Q_SLOTS:
  void initTestCase() {
    QVERIFY2(!env("GAPLAB_BUILD_DIR").isEmpty(), "run through ctest");
    const Run cpack = run(env("GAPLAB_CPACK"), {"--config", env("GAPLAB_BUILD_DIR") + "/CPackConfig.cmake", "-G", "DEB",
                                                "-B", work_.filePath("package")},
                          600000);
    QVERIFY2(cpack.exitCode == 0, qPrintable(cpack.output));
    const auto debs = QDir(work_.filePath("package")).entryList({"gaplab_*.deb"});
    QCOMPARE(debs.size(), 1);
    deb_ = work_.filePath("package/" + debs.front());
    root_ = work_.filePath("root");
    const Run extract = run("dpkg-deb", {"-x", deb_, root_});
    QVERIFY2(extract.exitCode == 0, qPrintable(extract.output));
  }

  void installsWhereTheDesktopLooks() {
    for (const char* path : {"usr/bin/gaplab", "usr/bin/gaplab-cli", "usr/share/applications/org.gaplab.Gaplab.desktop",
                             "usr/share/metainfo/org.gaplab.Gaplab.metainfo.xml", "usr/share/mime/packages/gaplab.xml",
                             "usr/share/icons/hicolor/scalable/apps/gaplab.svg", "usr/share/man/man1/gaplab-cli.1.gz"})
      QVERIFY2(QFile::exists(QDir(root_).filePath(path)), path);
  }

  // GPL-3.0-or-later, because gaplab links QCustomPlot (GPL-3.0): said in the
  // package's copyright file and its AppStream metadata.
  void carriesItsLicense() {
    QFile copyright(QDir(root_).filePath("usr/share/doc/gaplab/copyright"));
    QVERIFY(copyright.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(copyright.readAll());
    QVERIFY(text.contains("License: GPL-3.0-or-later"));
    QVERIFY(text.contains("QCustomPlot"));
    QFile metainfo(QDir(root_).filePath("usr/share/metainfo/org.gaplab.Gaplab.metainfo.xml"));
    QVERIFY(metainfo.open(QIODevice::ReadOnly));
    const QString xml = QString::fromUtf8(metainfo.readAll());
    QVERIFY(xml.contains("<project_license>GPL-3.0-or-later</project_license>"));
    QVERIFY(!xml.contains("gaplab.org"));  // no placeholder homepage
  }

  void declaresItsDependencies() {
    const Run fields = run("dpkg-deb", {"-f", deb_, "Package", "Version", "Depends", "Recommends"});
    QCOMPARE(fields.exitCode, 0);
    QVERIFY(fields.output.contains("Package: gaplab"));
    QVERIFY(fields.output.contains("Version: " + env("GAPLAB_VERSION")));
    for (const char* dependency : {"libtorch1.13", "libqt6widgets6", "libqt6core6", "libqcustomplot2.1-qt6",
                                   "libopencv-core", "libsndfile1", "libsamplerate0", "qt6-qpa-plugins"})
      QVERIFY2(fields.output.section("Recommends:", 0, 0).contains(dependency), dependency);
    QVERIFY(fields.output.section("Recommends:", 1).contains("libopenblas0-pthread"));
  }

  void extractedProgramsRun() {
    const QString cli = QDir(root_).filePath("usr/bin/gaplab-cli");
    const Run version = run(cli, {"--version"});
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(version.output.contains(env("GAPLAB_VERSION")), qPrintable(version.output));

    auto offscreen = QProcessEnvironment::systemEnvironment();
    offscreen.insert("QT_QPA_PLATFORM", "offscreen");
    const Run gui = run(QDir(root_).filePath("usr/bin/gaplab"), {"--version"}, 60000, offscreen);
    QCOMPARE(gui.exitCode, 0);
    QVERIFY2(gui.output.contains(env("GAPLAB_VERSION")), qPrintable(gui.output));

    const QString csv = work_.filePath("grid.csv");
    const Run grid = run(cli, {"grid", "--preset", "lecture-image", "--heads", "gap", "--train-pos", "upper-left",
                               "--test-pos", "upper-left,lower-right", "--limit-train", "600", "--limit-test", "200",
                               "--epochs", "1", "--out", csv},
                         300000);
    QVERIFY2(grid.exitCode == 0, qPrintable(grid.output));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto lines = QString::fromUtf8(file.readAll()).trimmed().split('\n');
    QCOMPARE(lines.size(), 3);  // header + one row per test position
    QVERIFY(lines[1].startsWith("image,fashion-mnist,lecture,gap,upper-left,upper-left,"));
  }

  void manPageDocumentsEverySubcommand() {
    const Run page = run("sh", {"-c", "gzip -dc " + QDir(root_).filePath("usr/share/man/man1/gaplab-cli.1.gz")});
    QCOMPARE(page.exitCode, 0);
    for (const char* command : {"presets", "grid", "train", "sweep", "render-audio", "--limit-train", "GAPLAB_FSDD_DIR"})
      QVERIFY2(page.output.contains(command), command);
    QVERIFY(!page.output.contains(env("GAPLAB_BUILD_DIR")));  // no build paths leak into the page
  }

  void validatorsPass() {
    const QString source = env("GAPLAB_SOURCE_DIR");
    const Run desktop = run("desktop-file-validate", {source + "/packaging/org.gaplab.Gaplab.desktop"});
    QVERIFY2(desktop.exitCode == 0 && !desktop.output.contains("error"), qPrintable(desktop.output));
    const Run metainfo = run("appstreamcli", {"validate", "--no-net", source + "/packaging/org.gaplab.Gaplab.metainfo.xml"});
    QVERIFY2(metainfo.exitCode == 0, qPrintable(metainfo.output));
  }
};

QTEST_GUILESS_MAIN(TestPackage)
#include "tst_package.moc"
