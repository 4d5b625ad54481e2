// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Runs the real gaplab-cli (path from the GAPLAB_CLI environment variable set by CTest).
#include <QFile>
#include <QProcess>
#include <QStringList>

namespace gaplab::test {

struct CliRun {
  int exitCode = -1;  // -2: it crashed or was killed
  QString out;
  QString err;
};

inline CliRun runCli(const QStringList& arguments, int timeoutMs = 240000) {
  QProcess process;
  process.start(qEnvironmentVariable("GAPLAB_CLI"), arguments);
  CliRun run;
  if (!process.waitForFinished(timeoutMs)) return run;
  run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  return run;
}

inline QByteArray fileBytes(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace gaplab::test
