// SPDX-License-Identifier: GPL-3.0-or-later
#include "text_file.h"

#include <QFile>
#include <QSaveFile>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace gaplab::widgets {

void writeTextFile(const QString& path, const QString& text) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
    throw std::runtime_error("cannot write '" + path.toStdString() + "': " + file.errorString().toStdString());
  file.write(text.toUtf8());
  if (!file.commit())
    throw std::runtime_error("cannot write '" + path.toStdString() + "': " + file.errorString().toStdString());
}

void replaceFile(const QString& from, const QString& to) {
  if (std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0) {
    const std::string reason = std::strerror(errno);
    QFile::remove(from);
    throw std::runtime_error("cannot write '" + to.toStdString() + "': " + reason);
  }
}

}  // namespace gaplab::widgets
