#pragma once
#include <QByteArray>
#include <QString>

#include <vector>

#include "workspace_state.h"

namespace gaplab::app {

// A saved lab: the settings, trigger and results of every workspace, and the
// cached models they refer to. Stored as JSON in a .gaplab file.
struct Session {
  int currentWorkspace = 0;
  std::vector<WorkspaceState> workspaces;
};

inline constexpr int kSessionFormat = 1;

QByteArray sessionToJson(const Session& session);
// Throws std::runtime_error starting with `origin` and saying what is wrong.
Session sessionFromJson(const QByteArray& json, const QString& origin);
// Whole file or nothing (QSaveFile); throws naming the file.
void saveSession(const Session& session, const QString& path);
Session loadSession(const QString& path);

}  // namespace gaplab::app
