#pragma once
#include <QWidget>

namespace gaplab::widgets {

// The welcome panel the main window shows until the workspaces exist: what
// gaplab is and what it will let the user do.
class PlaceholderPanel : public QWidget {
  Q_OBJECT
public:
  explicit PlaceholderPanel(QWidget* parent = nullptr);
};

}  // namespace gaplab::widgets
