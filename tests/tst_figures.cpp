// SPDX-License-Identifier: GPL-3.0-or-later
// Figures export as valid PDF, SVG, PNG and the CSV behind them; the
// position map fills cell by cell and a click reports the cell's position.
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

#include <cmath>

#include "curve_plot.h"
#include "grid_figure.h"
#include "position_map_view.h"

using namespace gaplab::widgets;

namespace {

QByteArray readAll(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TestFigures : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  void checkExports(FigureWidget& figure, int csvLines) {
    const QString stem = dir_.filePath(figure.figureName());
    figure.exportImage(stem + ".pdf");
    figure.exportImage(stem + ".svg");
    figure.exportImage(stem + ".png");
    figure.exportCsv(stem + ".csv");
    QVERIFY(readAll(stem + ".pdf").startsWith("%PDF-"));
    QVERIFY(readAll(stem + ".pdf").trimmed().endsWith("%%EOF"));
    const QByteArray svg = readAll(stem + ".svg");
    QVERIFY(svg.contains("<svg") && svg.trimmed().endsWith("</svg>"));
    const QImage png(stem + ".png");
    QVERIFY(!png.isNull());
    QCOMPARE(png.width(), int(std::lround(FigureWidget::publicationSize().width() * 300.0 / 72.0)));
    const QByteArray csv = readAll(stem + ".csv");
    QCOMPARE(csv.count('\n'), csvLines);
    QVERIFY(QDir(dir_.path()).entryList({"*.part.*"}).isEmpty());  // no temporary left behind
  }

private Q_SLOTS:
  void curvesExport() {
    CurvePlot plot;
    plot.setFigureName("curves");
    const int loss = plot.addSeries("GAP train loss", Qt::blue, Qt::SolidLine);
    const int accuracy = plot.addSeries("GAP val acc", Qt::blue, Qt::DotLine, true);
    for (int epoch = 1; epoch <= 4; ++epoch) {
      plot.append(loss, epoch, 1.0 / epoch);
      plot.append(accuracy, epoch, 0.5 + 0.1 * epoch);
    }
    QCOMPARE(plot.pointCount(loss), 4);
    checkExports(plot, 1 + 8);
    QVERIFY(plot.csv().contains("GAP train loss,2,0.5\n"));
  }

  void positionMapFillsAndReportsClicks() {
    PositionMapView map;
    map.setFigureName("map");
    map.resize(500, 400);
    map.setGrid({0, 4, 8}, {0, 4}, "GAP");
    QCOMPARE(map.filledCells(), 0);
    QVERIFY(std::isnan(map.cell(4, 0)));
    map.setCell(4, 0, 0.25);
    map.setCell(8, 4, 1.0);
    map.setCell(8, 4, 0.75);  // refined: still one cell
    QCOMPARE(map.filledCells(), 2);
    QCOMPARE(map.cell(8, 4), 0.75);
    map.setCell(5, 0, 1.0);  // not a grid position: ignored
    QCOMPARE(map.filledCells(), 2);
    checkExports(map, 1 + 6);
    QVERIFY(map.csv().contains("4,0,0.25\n"));
    QVERIFY(map.csv().contains("0,0,\n"));

    map.show();
    QVERIFY(QTest::qWaitForWindowExposed(&map));
    map.plot()->replot();
    QSignalSpy clicked(&map, &PositionMapView::positionClicked);
    const QPoint pixel(int(map.plot()->xAxis->coordToPixel(7.6)), int(map.plot()->yAxis->coordToPixel(3.2)));
    QTest::mouseClick(map.plotWidget(), Qt::LeftButton, Qt::NoModifier, pixel);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.first().at(0).toPoint(), QPoint(8, 4));
  }

  // A cell at 100%, a cell not measured and the background must never look
  // alike (thermal scales end in white, like the background).
  void mapColoursTellFullUnmeasuredAndBackgroundApart() {
    PositionMapView map;
    map.resize(500, 400);
    map.setGrid({0, 1, 2, 3}, {0, 1}, "GAP");
    map.setCell(1, 0, 0.0);
    map.setCell(3, 0, 1.0);
    map.setCell(3, 1, 0.5);
    QVERIFY(std::isnan(map.shownCell(0, 0)));  // nothing stands in for it
    map.show();
    QVERIFY(QTest::qWaitForWindowExposed(&map));
    map.plot()->replot();
    const QImage image = map.plot()->toPixmap().toImage();
    auto colourAt = [&](int x, int y) {
      return image.pixelColor(int(map.plot()->xAxis->coordToPixel(x)), int(map.plot()->yAxis->coordToPixel(y)));
    };
    const QColor full = colourAt(3, 0), half = colourAt(3, 1), zero = colourAt(1, 0), unmeasured = colourAt(0, 0);
    const QColor background = image.pixelColor(2, 2);
    QCOMPARE(unmeasured, PositionMapView::unmeasuredColor());
    for (const auto& [a, b] : {std::pair{full, unmeasured}, {full, background}, {unmeasured, background},
                               {full, half}, {half, zero}})
      QVERIFY2(a != b, qPrintable(a.name() + " vs " + b.name()));
  }

  // Coarse-to-fine: after the first pass (every 8th column and row) every
  // cell shows a value; after the last, the measured values are a raster
  // sweep's, and no estimate is left.
  void progressiveMapEqualsARasterOne() {
    std::vector<int> axis(21);
    for (int i = 0; i < 21; ++i) axis[static_cast<std::size_t>(i)] = i;
    std::vector<QPoint> raster;
    for (const int y : axis)
      for (const int x : axis) raster.emplace_back(x, y);
    auto asrAt = [](QPoint p) { return std::fmod(0.37 * p.x() + 0.11 * p.y() * p.y(), 1.0); };
    const auto ordered = PositionMapView::coarseToFine(raster);
    QCOMPARE(ordered.size(), raster.size());
    PositionMapView progressive, reference;
    progressive.setGrid(axis, axis, "progressive");
    reference.setGrid(axis, axis, "raster");
    for (const QPoint& p : raster) reference.setCell(p.x(), p.y(), asrAt(p));
    const int firstPass = 3 * 3;  // columns and rows 0, 8, 16
    for (int i = 0; i < firstPass; ++i) {
      QCOMPARE(ordered[static_cast<std::size_t>(i)].x() % 8, 0);
      QCOMPARE(ordered[static_cast<std::size_t>(i)].y() % 8, 0);
      progressive.setCell(ordered[static_cast<std::size_t>(i)].x(), ordered[static_cast<std::size_t>(i)].y(),
                          asrAt(ordered[static_cast<std::size_t>(i)]));
    }
    QCOMPARE(progressive.filledCells(), firstPass);
    for (const QPoint& p : raster) QVERIFY2(!std::isnan(progressive.shownCell(p.x(), p.y())), "a cell shows nothing");
    QCOMPARE(progressive.shownCell(5, 3), asrAt({0, 0}));  // its block's corner stands in for it
    for (std::size_t i = firstPass; i < ordered.size(); ++i)
      progressive.setCell(ordered[i].x(), ordered[i].y(), asrAt(ordered[i]));
    QCOMPARE(progressive.csv(), reference.csv());
    for (const QPoint& p : raster) QCOMPARE(progressive.shownCell(p.x(), p.y()), progressive.cell(p.x(), p.y()));
  }

  void gridFigureHasOneLinePerModel() {
    GridFigure figure;
    figure.setFigureName("grid");
    figure.setData({"upper-left", "middle", "lower-right"},
                   {{"gap", "upper-left", {1.0, 0.9, 0.8}, {0.0, 0.05, 0.1}},
                    {"fc", "upper-left", {1.0, 0.1, 0.0}, {0.0, 0.02, 0.0}}});
    QCOMPARE(figure.lineCount(), 2);
    QCOMPARE(figure.plot()->graphCount(), 2);
    QCOMPARE(figure.plot()->graph(0)->pen().style(), Qt::SolidLine);     // GAP solid
    QCOMPARE(figure.plot()->graph(1)->pen().style(), Qt::DashDotLine);   // FC dash-dot
    checkExports(figure, 1 + 6);
    QVERIFY(figure.csv().contains("fc,upper-left,middle,0.1,0.02\n"));
  }

  void unknownSuffixIsRefusedByName() {
    CurvePlot plot;
    try {
      plot.exportImage(dir_.filePath("figure.bmp"));
      QFAIL("no error");
    } catch (const std::runtime_error& e) {
      QVERIFY(QString(e.what()).contains("figure.bmp"));
    }
  }
};

QTEST_MAIN(TestFigures)
#include "tst_figures.moc"
