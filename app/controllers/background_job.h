// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QString>

#include <memory>

#include "gaplab/error.h"

namespace gaplab::app {

class TorchQueue;

// How the controllers' core work ends, as the TorchQueue future's result:
// empty on success, kCancelled when the work threw Cancelled (a stop request)
// or was cancelled before it ran, or the error's message.
inline const QString kCancelled = QStringLiteral("cancelled");

// A controller's way into the app's torch queue: the shared one once set
// (the main window's), else a single-slot queue of its own (tests, tools).
class QueueHandle {
public:
  QueueHandle();
  ~QueueHandle();
  void set(TorchQueue* shared) { shared_ = shared; }
  TorchQueue& get();

private:
  TorchQueue* shared_ = nullptr;
  std::unique_ptr<TorchQueue> own_;
};

struct JobEnd {
  bool cancelled = false;
  QString error;  // empty unless it failed
};
inline JobEnd jobEnd(const QString& outcome) {
  const bool cancelled = outcome == kCancelled;
  return {cancelled, cancelled ? QString() : outcome};
}

}  // namespace gaplab::app
