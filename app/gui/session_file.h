// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QByteArray>
#include <QString>

#include <map>
#include <vector>

#include "workspace_state.h"

namespace gaplab::app {

// A model's files, carried inside a session ("Save session with models").
struct EmbeddedCheckpoint {
  QByteArray model;    // FILE
  QByteArray sidecar;  // FILE.json
  QByteArray history;  // FILE.history.json (may be empty)
};

// A saved lab: the settings, trigger and results of every workspace, and the
// models they refer to. Stored as JSON in a .gaplab file. A model is named by
// its cache entry's file name, never by a path: it is looked up in the model
// cache and beside the session file (placeModels), and may travel inside the
// file (embedded, keyed by that name).
struct Session {
  int currentWorkspace = 0;
  std::vector<WorkspaceState> workspaces;
  std::map<QString, EmbeddedCheckpoint> embedded;
};

inline constexpr int kSessionFormat = 2;  // 1: models named by absolute paths (read as their file names)

QByteArray sessionToJson(const Session& session);
// Throws std::runtime_error starting with `origin` and saying what is wrong.
Session sessionFromJson(const QByteArray& json, const QString& origin);
// Whole file or nothing (QSaveFile); throws naming the file.
void saveSession(const Session& session, const QString& path);
Session loadSession(const QString& path);

// Reads every model's checkpoint files into session.embedded; returns their
// size in bytes. Throws naming a file it cannot read.
qint64 embedModels(Session& session);
// Points each model's checkpoint at a file on this machine: the model cache
// (`cacheDir`/models), the session's own folder, or, for embedded models,
// `cacheDir`/embedded (written there first, outside the cache proper: an
// embedded model is not known to match its name's spec). A model found
// nowhere gets an empty checkpoint. No other path is ever read. Returns the
// number of models missing.
int placeModels(Session& session, const QString& sessionPath, const QString& cacheDir);

}  // namespace gaplab::app
