// SPDX-License-Identifier: GPL-3.0-or-later
#include "session_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

#include <stdexcept>

#include "gaplab/error.h"
#include "spec_difference.h"

namespace gaplab::app {

namespace {

[[noreturn]] void fail(const QString& origin, const QString& what) {
  throw std::runtime_error((origin + ": " + what).toStdString());
}

ExperimentSpec specFrom(const QJsonValue& value, const QString& origin, const QString& key) {
  if (!value.isObject()) fail(origin, key + " must be an experiment spec object");
  try {
    return specFromJson(QJsonDocument(value.toObject()).toJson().toStdString(), ExperimentSpec{},
                        (origin + " " + key).toStdString());
  } catch (const std::exception& e) {
    throw std::runtime_error(e.what());  // already names the file and the key
  }
}

QJsonObject modelObject(const LabModelInfo& m) {
  QJsonArray history;
  for (const auto& e : m.history)
    history.append(QJsonObject{{"epoch", e.epoch}, {"lr", e.lr}, {"train_loss", e.trainLoss},
                               {"train_acc", e.trainAccuracy}, {"val_loss", e.validationLoss},
                               {"val_acc", e.validationAccuracy}});
  return {{"head", QString::fromStdString(toString(m.head))},
          {"checkpoint", QFileInfo(QString::fromStdString(m.checkpoint)).fileName()},
          {"clean_acc", m.cleanAccuracy},
          {"asr_at_train_position", m.asrAtTrainPosition},
          {"epochs", m.epochs},
          {"history", history}};
}

Head headFrom(const QJsonValue& value, const QString& origin) {
  try {
    return headFromString(value.toString().toStdString());
  } catch (const std::exception&) {
    fail(origin, "unknown head '" + value.toString() + "' (fc or gap)");
  }
}

LabModelInfo modelFrom(const QJsonObject& o, const QString& origin) {
  LabModelInfo m;
  m.head = headFrom(o["head"], origin);
  // Only the file name counts (format 1 stored absolute paths): placeModels
  // decides where it is read from.
  m.checkpoint = QFileInfo(o["checkpoint"].toString()).fileName().toStdString();
  if (m.checkpoint.empty()) fail(origin, "a model has no checkpoint name");
  m.cleanAccuracy = o["clean_acc"].toDouble();
  m.asrAtTrainPosition = o["asr_at_train_position"].toDouble();
  m.epochs = o["epochs"].toInt();
  for (const auto& v : o["history"].toArray()) {
    const auto e = v.toObject();
    EpochReport r;
    r.epoch = e["epoch"].toInt();
    r.lr = e["lr"].toDouble();
    r.trainLoss = e["train_loss"].toDouble();
    r.trainAccuracy = e["train_acc"].toDouble();
    r.validationLoss = e["val_loss"].toDouble();
    r.validationAccuracy = e["val_acc"].toDouble();
    m.history.push_back(r);
  }
  return m;
}

QJsonArray intArray(const std::vector<int>& values) {
  QJsonArray a;
  for (const int v : values) a.append(v);
  return a;
}

std::vector<int> intsFrom(const QJsonValue& value) {
  std::vector<int> values;
  for (const auto& v : value.toArray()) values.push_back(v.toInt());
  return values;
}

// A grid row keyed by the grid CSV's column names, every number exact so
// that a session gives back the rows it saved.
QJsonObject rowObject(const GridRow& row) {
  const auto& columns = gridCsvTable().columns();
  const auto fields = gridCsvTable().fields(row, true);
  QJsonObject object;
  for (std::size_t i = 0; i < columns.size(); ++i)
    object.insert(QString::fromStdString(columns[i].name), QString::fromStdString(fields[i]));
  return object;
}

// Older sessions wrote the numbers as JSON numbers; both read.
GridRow rowFrom(const QJsonObject& object, const QString& origin) {
  std::vector<std::string> fields;
  for (const auto& column : gridCsvTable().columns()) {
    const auto value = object[QString::fromStdString(column.name)];
    if (value.isString()) fields.push_back(value.toString().toStdString());
    else if (value.isDouble()) fields.push_back(exactNumber(value.toDouble()));
    else fail(origin, "a grid row has no " + QString::fromStdString(column.name));
  }
  return gridCsvTable().fromFields(fields, origin.toStdString());
}

// What the model cache names its files: 16 hex digits and ".pt".
bool isCheckpointName(const QString& name) {
  static const QRegularExpression pattern("^[0-9a-f]{16}\\.pt$");
  return pattern.match(name).hasMatch();
}

QByteArray readAll(const QString& path, bool required) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    if (required) throw std::runtime_error("cannot read '" + path.toStdString() + "': " + file.errorString().toStdString());
    return {};
  }
  return file.readAll();
}

void writeWhole(const QString& path, const QByteArray& bytes) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
    throw std::runtime_error("cannot write '" + path.toStdString() + "': " + file.errorString().toStdString());
}

}  // namespace

qint64 embedModels(Session& session) {
  qint64 bytes = 0;
  for (const auto& w : session.workspaces)
    for (const auto& m : w.models) {
      const QString path = QString::fromStdString(m.checkpoint);
      const QString name = QFileInfo(path).fileName();
      if (session.embedded.count(name)) continue;
      EmbeddedCheckpoint files{readAll(path, true), readAll(path + ".json", true), readAll(path + ".history.json", false)};
      bytes += files.model.size() + files.sidecar.size() + files.history.size();
      session.embedded[name] = std::move(files);
    }
  return bytes;
}

int placeModels(Session& session, const QString& sessionPath, const QString& cacheDir) {
  const QDir cache(cacheDir), beside = QFileInfo(sessionPath).absoluteDir();
  int missing = 0;
  for (auto& w : session.workspaces)
    for (auto& m : w.models) {
      const QString name = QFileInfo(QString::fromStdString(m.checkpoint)).fileName();
      QString found;
      for (const QString& candidate : {cache.filePath("models/" + name), beside.filePath(name)})
        if (isCheckpointName(name) && QFileInfo::exists(candidate) && QFileInfo::exists(candidate + ".json")) {
          found = candidate;
          break;
        }
      const auto embedded = session.embedded.find(name);
      if (found.isEmpty() && embedded != session.embedded.end()) {
        QDir().mkpath(cache.filePath("embedded"));
        found = cache.filePath("embedded/" + name);
        writeWhole(found, embedded->second.model);
        writeWhole(found + ".json", embedded->second.sidecar);
        if (!embedded->second.history.isEmpty()) writeWhole(found + ".history.json", embedded->second.history);
      }
      if (found.isEmpty()) ++missing;
      m.checkpoint = found.toStdString();
    }
  return missing;
}

QByteArray sessionToJson(const Session& session) {
  QJsonArray workspaces;
  for (const auto& w : session.workspaces) {
    QJsonArray models, maps, rows;
    for (const auto& m : w.models) models.append(modelObject(m));
    for (const auto& m : w.maps) {
      QJsonArray cells;
      for (std::size_t i = 0; i < m.positions.size() && i < m.asr.size(); ++i)
        cells.append(QJsonArray{m.positions[i].x(), m.positions[i].y(), m.asr[i]});
      maps.append(QJsonObject{{"head", QString::fromStdString(toString(m.head))},
                              {"columns", intArray(m.columns)},
                              {"rows", intArray(m.rows)},
                              {"cells", cells}});
    }
    for (const auto& r : w.gridRows) rows.append(rowObject(r));
    QJsonObject o{{"modality", QString::fromStdString(toString(w.modality))},
                  {"spec", specAsJson(w.spec)},
                  {"sample", w.sample},
                  {"models", models},
                  {"maps", maps},
                  {"grid_rows", rows},
                  {"grid_spec", specAsJson(w.gridSpec)}};
    if (w.placement) o["placement"] = QJsonArray{w.placement->x, w.placement->y};
    workspaces.append(o);
  }
  QJsonObject root{{"gaplab_session", kSessionFormat},
                   {"current_workspace", session.currentWorkspace},
                   {"workspaces", workspaces}};
  if (!session.embedded.empty()) {
    QJsonObject embedded;
    for (const auto& [name, files] : session.embedded)
      embedded[name] = QJsonObject{{"model", QString::fromLatin1(files.model.toBase64())},
                                   {"sidecar", QString::fromLatin1(files.sidecar.toBase64())},
                                   {"history", QString::fromLatin1(files.history.toBase64())}};
    root["embedded_models"] = embedded;
  }
  return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Session sessionFromJson(const QByteArray& json, const QString& origin) {
  QJsonParseError error;
  const QJsonDocument document = QJsonDocument::fromJson(json, &error);
  if (document.isNull())
    fail(origin, QString("not valid JSON (%1 at byte %2)").arg(error.errorString()).arg(error.offset));
  const QJsonObject root = document.object();
  if (!root.contains("gaplab_session")) fail(origin, "not a gaplab session (no \"gaplab_session\" key)");
  if (root["gaplab_session"].toInt() < 1 || root["gaplab_session"].toInt() > kSessionFormat)
    fail(origin, QString("session format %1 is not supported (this gaplab reads formats 1 to %2)")
                     .arg(root["gaplab_session"].toInt())
                     .arg(kSessionFormat));
  Session session;
  session.currentWorkspace = root["current_workspace"].toInt();
  if (!root["workspaces"].isArray()) fail(origin, "\"workspaces\" must be a list");
  for (const auto& value : root["workspaces"].toArray()) {
    const QJsonObject o = value.toObject();
    WorkspaceState w;
    try {
      w.modality = modalityFromString(o["modality"].toString().toStdString());
    } catch (const Error&) {
      fail(origin, "unknown workspace modality '" + o["modality"].toString() + "'");
    }
    w.spec = specFrom(o["spec"], origin, "spec");
    if (w.spec.modality != w.modality)
      fail(origin, "a " + QString::fromStdString(toString(w.modality)) + " workspace holds a " +
                       QString::fromStdString(toString(w.spec.modality)) + " spec");
    w.sample = o["sample"].toInt();
    if (w.sample < 0) fail(origin, QString("sample index %1 is negative").arg(w.sample));
    if (o.contains("placement")) {
      const auto p = o["placement"].toArray();
      if (p.size() != 2) fail(origin, "placement must be [x, y]");
      w.placement = Position{p[0].toInt(), p[1].toInt()};
    }
    for (const auto& m : o["models"].toArray()) w.models.push_back(modelFrom(m.toObject(), origin));
    for (const auto& m : o["maps"].toArray()) {
      const auto mo = m.toObject();
      MapState map;
      map.head = headFrom(mo["head"], origin);
      map.columns = intsFrom(mo["columns"]);
      map.rows = intsFrom(mo["rows"]);
      for (const auto& c : mo["cells"].toArray()) {
        const auto cell = c.toArray();
        if (cell.size() != 3) fail(origin, "a map cell must be [x, y, asr]");
        map.positions.emplace_back(cell[0].toInt(), cell[1].toInt());
        map.asr.push_back(cell[2].toDouble());
      }
      w.maps.push_back(map);
    }
    for (const auto& r : o["grid_rows"].toArray()) w.gridRows.push_back(rowFrom(r.toObject(), origin));
    w.gridSpec = o.contains("grid_spec") ? specFrom(o["grid_spec"], origin, "grid_spec") : w.spec;
    session.workspaces.push_back(std::move(w));
  }
  const auto embedded = root["embedded_models"].toObject();
  for (auto it = embedded.begin(); it != embedded.end(); ++it) {
    if (!isCheckpointName(it.key())) fail(origin, "embedded model '" + it.key() + "' is not a model cache name");
    const auto o = it.value().toObject();
    EmbeddedCheckpoint files{QByteArray::fromBase64(o["model"].toString().toLatin1()),
                             QByteArray::fromBase64(o["sidecar"].toString().toLatin1()),
                             QByteArray::fromBase64(o["history"].toString().toLatin1())};
    if (files.model.isEmpty() || files.sidecar.isEmpty()) fail(origin, "embedded model '" + it.key() + "' is empty");
    session.embedded[it.key()] = std::move(files);
  }
  return session;
}

void saveSession(const Session& session, const QString& path) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    throw std::runtime_error("cannot write '" + path.toStdString() + "': " + file.errorString().toStdString());
  file.write(sessionToJson(session));
  if (!file.commit())
    throw std::runtime_error("cannot write '" + path.toStdString() + "': " + file.errorString().toStdString());
}

Session loadSession(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    throw std::runtime_error("cannot read '" + path.toStdString() + "': " + file.errorString().toStdString());
  return sessionFromJson(file.readAll(), path);
}

}  // namespace gaplab::app
