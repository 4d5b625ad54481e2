#pragma once
#include <QFuture>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>

#include "gaplab/error.h"

namespace gaplab::app {

// How the controllers run core work: on Qt's thread pool, with the outcome
// as the future's result: empty on success, kCancelled when the work threw
// Cancelled (a stop request), or the error's message.
inline const QString kCancelled = QStringLiteral("cancelled");

inline QFuture<QString> runInBackground(std::function<void()> work) {
  return QtConcurrent::run([work = std::move(work)]() -> QString {
    try {
      work();
      return {};
    } catch (const Cancelled&) {
      return kCancelled;
    } catch (const std::exception& e) {
      return QString::fromUtf8(e.what());
    }
  });
}

struct JobEnd {
  bool cancelled = false;
  QString error;  // empty unless it failed
};
inline JobEnd jobEnd(const QString& outcome) {
  const bool cancelled = outcome == kCancelled;
  return {cancelled, cancelled ? QString() : outcome};
}

}  // namespace gaplab::app
