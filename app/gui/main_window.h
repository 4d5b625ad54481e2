#pragma once
#include <QMainWindow>

namespace gaplab::app {

class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget* parent = nullptr);
};

}  // namespace gaplab::app
