// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where two experiment specs differ, key by key: how the Setup panel tells
// a spec it can show from one it would silently change.
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>
#include <utility>

#include "gaplab/experiment_spec.h"

namespace gaplab::app {

QJsonObject specAsJson(const ExperimentSpec& spec);
// The first key (as a path: "training.lr") where two JSON values differ, with
// both values in words; nothing when they are equal.
std::optional<std::pair<QString, QString>> firstDifference(const QJsonValue& wanted, const QJsonValue& shown,
                                                           const QString& path = {});

}  // namespace gaplab::app
