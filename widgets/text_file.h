// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QString>

namespace gaplab::widgets {

// Writes the whole file or nothing (QSaveFile); throws std::runtime_error naming the file.
void writeTextFile(const QString& path, const QString& text);
// Renames `from` over `to` in one step (POSIX rename); throws naming both.
void replaceFile(const QString& from, const QString& to);

}  // namespace gaplab::widgets
