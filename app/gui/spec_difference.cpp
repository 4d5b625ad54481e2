// SPDX-License-Identifier: GPL-3.0-or-later
#include "spec_difference.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QObject>

namespace gaplab::app {

namespace {

QString shortJson(const QJsonValue& value) {
  if (value.isString()) return '"' + value.toString() + '"';
  if (value.isUndefined()) return QStringLiteral("nothing");
  const auto text = value.isObject()  ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
                    : value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                      : QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
  return QString::fromUtf8(text.size() > 80 ? text.left(77) + "..." : text);
}

}  // namespace

std::optional<std::pair<QString, QString>> firstDifference(const QJsonValue& wanted, const QJsonValue& shown,
                                                           const QString& path) {
  if (wanted.isObject() && shown.isObject()) {
    const auto a = wanted.toObject(), b = shown.toObject();
    auto keys = a.keys();
    for (const auto& key : b.keys())
      if (!keys.contains(key)) keys << key;
    for (const auto& key : keys)
      if (auto difference = firstDifference(a.value(key), b.value(key), path.isEmpty() ? key : path + '.' + key))
        return difference;
    return std::nullopt;
  }
  if (wanted == shown) return std::nullopt;
  return std::make_pair(path, QObject::tr("%1 (the form would show %2)").arg(shortJson(wanted), shortJson(shown)));
}

QJsonObject specAsJson(const ExperimentSpec& spec) {
  return QJsonDocument::fromJson(QByteArray::fromStdString(specToJson(spec))).object();
}

}  // namespace gaplab::app
