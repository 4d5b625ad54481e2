#include "placeholder_panel.h"

#include <QLabel>
#include <QVBoxLayout>

namespace gaplab::widgets {

PlaceholderPanel::PlaceholderPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("<h1>gaplab</h1>"), this);
  auto* text = new QLabel(
      tr("<p>A lab for dynamic backdoors with global average pooling.</p>"
         "<p>This window will become three workspaces (image, sound, text) where you paint a trigger, "
         "poison a dataset, train FC and GAP models side by side in the background, drag the trigger "
         "across an input and watch the class activation map and the attack success rate follow it.</p>"
         "<p>Today the engine runs from the command line: <tt>gaplab-cli presets</tt>, "
         "<tt>gaplab-cli grid --preset lecture-image --out results.csv</tt>.</p>"),
      this);
  text->setWordWrap(true);
  text->setTextFormat(Qt::RichText);
  layout->addWidget(title);
  layout->addWidget(text);
  layout->addStretch(1);
}

}  // namespace gaplab::widgets
