// SPDX-License-Identifier: GPL-3.0-or-later
// Workspace: the position maps, measured for both heads through the torch queue.
#include <algorithm>
#include <set>

#include "map_panel.h"
#include "position_map_view.h"
#include "workspace.h"

namespace gaplab::app {

void Workspace::runMap() {
  if (!lab_) return;
  bool started = false;
  for (const Head head : kHeads) {
    const auto slot = static_cast<std::size_t>(headSlot(head));
    if (!models_[slot]) {
      map_->view(head)->setGrid({}, {}, tr("%1: no model").arg(headName(head)));
      continue;
    }
    auto* sweep = sweeps_[slot].get();
    disconnect(sweep, nullptr, this, nullptr);
    connect(sweep, &SweepController::gridReady, this, [this, head](const QVector<QPoint>& positions) {
      std::set<int> xs, ys;
      for (const QPoint& p : positions) {
        const QPoint m = toMap({p.x(), p.y()});
        xs.insert(m.x());
        ys.insert(m.y());
      }
      const auto axes = mapAxes();
      map_->view(head)->setAxes(axes.x, axes.y, axes.yDownwards);
      map_->view(head)->setGrid({xs.begin(), xs.end()}, {ys.begin(), ys.end()},
                                tr("%1: ASR by trigger position").arg(headName(head)));
      map_->view(head)->setMarker(toMap(placement()));
    });
    connect(sweep, &SweepController::cellsReady, this,
            [this, head](const QVector<QPoint>& positions, const QVector<double>& asr) {
              for (int i = 0; i < positions.size(); ++i) {
                const QPoint m = toMap({positions[i].x(), positions[i].y()});
                map_->view(head)->setCell(m.x(), m.y(), asr[i]);
              }
            });
    connect(sweep, &SweepController::progress, map_, &MapPanel::setProgress);
    connect(sweep, &SweepController::finished, this, [this](bool cancelled, const QString& error) {
      if (std::any_of(sweeps_.begin(), sweeps_.end(), [](const auto& s) { return s->isRunning(); })) return;
      map_->setRunning(false);
      const QString message =
          !error.isEmpty() ? tr("Map failed: %1").arg(error) : cancelled ? tr("Map stopped.") : tr("Mapped every position.");
      map_->setMessage(message);
      say(message);
      Q_EMIT mapFinished();
    });
    started |= sweep->start(sessionFactory(models_[slot]->checkpoint), map_->stride(), map_->halfWidth(),
                            tr("Map positions (%1, %2)").arg(modalityName(), headName(head)),
                            &widgets::PositionMapView::coarseToFine);
  }
  if (started) {
    map_->setRunning(true);
    say(tr("Mapping every trigger position…"));
  } else {
    map_->setMessage(tr("Train a model first."));
  }
}

}  // namespace gaplab::app
