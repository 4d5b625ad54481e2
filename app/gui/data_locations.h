// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QDialog>
#include <QString>
#include <QStringList>

#include <map>

class QLineEdit;

namespace gaplab::app {

// Where each dataset lives on this machine, when not at its default place:
// kept in QSettings ("data/<dataset>") and used for any spec that names no
// folder of its own. Also says how to get a dataset that is missing.
class DataLocations {
public:
  static QStringList datasets();
  static QString folder(const QString& dataset);  // empty: the dataset's default
  static void setFolder(const QString& dataset, const QString& folder);
  static QString howToGet(const QString& dataset);  // rich text
};

// Settings > Data locations: one folder per dataset.
class DataLocationsDialog : public QDialog {
  Q_OBJECT
public:
  explicit DataLocationsDialog(QWidget* parent = nullptr);
  void accept() override;

private:
  std::map<QString, QLineEdit*> edits_;
};

}  // namespace gaplab::app
