// SPDX-License-Identifier: GPL-3.0-or-later
#include "detect_outputs.h"

#include <QBuffer>
#include <QImage>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "gaplab/atomic_file.h"
#include "gaplab/error.h"

namespace gaplab::cli {

namespace fs = std::filesystem;

namespace {

std::string gridCsv(const CellGrid& grid) {
  std::ostringstream out;
  for (int r = 0; r < grid.rows; ++r) {
    for (int c = 0; c < grid.cols; ++c)
      out << (c ? "," : "") << grid.values[static_cast<std::size_t>(r * grid.cols + c)];
    out << '\n';
  }
  return out.str();
}

// Grey levels from the grid's own range (a mask: 0 black, 1 white), each cell
// `scale` pixels wide; text's 1 x tokens masks are written as a row.
std::string gridPng(const CellGrid& grid, double low, double high) {
  const bool column = grid.cols == 1 && grid.rows > 1;
  const int width = column ? grid.rows : grid.cols, height = column ? 1 : grid.rows;
  const int scale = std::max(1, 256 / std::max(width, height));
  QImage image(width * scale, height * scale, QImage::Format_Grayscale8);
  const double range = high > low ? high - low : 1;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) {
      const int cell = column ? x / scale : (y / scale) * grid.cols + x / scale;
      const double v = (grid.values[static_cast<std::size_t>(cell)] - low) / range;
      image.scanLine(y)[x] = static_cast<uchar>(std::clamp(v, 0.0, 1.0) * 255 + 0.5);
    }
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  image.save(&buffer, "PNG");
  return bytes.toStdString();
}

std::pair<double, double> rangeOf(const std::vector<float>& values) {
  if (values.empty()) return {0, 1};
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return {*low, *high};
}

// 30 equal bins from 0 to the largest entropy seen, per series.
std::string histogramCsv(const StripReport& strip) {
  float top = 0;
  for (float h : strip.cleanEntropies) top = std::max(top, h);
  for (const auto& p : strip.positions)
    for (float h : p.entropies) top = std::max(top, h);
  const int bins = 30;
  const double width = top > 0 ? top / bins : 1.0 / bins;
  std::ostringstream out;
  out << "series,bin_low,bin_high,count\n";
  auto add = [&](const std::string& series, const std::vector<float>& values) {
    std::vector<int> counts(bins, 0);
    for (float h : values) ++counts[static_cast<std::size_t>(std::min(bins - 1, static_cast<int>(h / width)))];
    for (int b = 0; b < bins; ++b) out << series << ',' << b * width << ',' << (b + 1) * width << ',' << counts[b] << '\n';
  };
  add("clean", strip.cleanEntropies);
  for (const auto& p : strip.positions) add("trigger@" + p.placement, p.entropies);
  return out.str();
}

}  // namespace

void writeDefenceOutputs(const DefenceReport& report, const std::string& outDir) {
  std::error_code error;
  fs::create_directories(outDir, error);
  if (error) throw Error(outDir + ": cannot create the directory (" + error.message() + ")");
  writeFileAtomically((fs::path(outDir) / "report.json").string(), defenceReportJson(report));
  if (report.nc) {
    const auto masks = fs::path(outDir) / "masks";
    fs::create_directories(masks, error);
    if (error) throw Error(masks.string() + ": cannot create the directory (" + error.message() + ")");
    for (const auto& c : report.nc->classes) {
      const auto stem = (masks / ("class-" + std::to_string(c.cls))).string();
      writeFileAtomically(stem + "-mask.csv", gridCsv(c.mask));
      writeFileAtomically(stem + "-mask.png", gridPng(c.mask, 0, 1));
      writeFileAtomically(stem + "-pattern.csv", gridCsv(c.pattern));
      const auto [low, high] = rangeOf(c.pattern.values);
      writeFileAtomically(stem + "-pattern.png", gridPng(c.pattern, std::min(0.0, low), high));
    }
  }
  if (report.strip) {
    std::ostringstream entropies;
    entropies << "series,entropy\n";
    for (float h : report.strip->cleanEntropies) entropies << "clean," << h << '\n';
    for (const auto& p : report.strip->positions)
      for (float h : p.entropies) entropies << "trigger@" << p.placement << ',' << h << '\n';
    writeFileAtomically((fs::path(outDir) / "strip-entropies.csv").string(), entropies.str());
    writeFileAtomically((fs::path(outDir) / "strip-histogram.csv").string(), histogramCsv(*report.strip));
  }
  if (report.poison) {
    std::ostringstream scatter;
    scatter << "x,y,poisoned,flagged\n";
    for (std::size_t i = 0; i < report.poison->x.size(); ++i)
      scatter << report.poison->x[i] << ',' << report.poison->y[i] << ',' << int(report.poison->poisoned[i]) << ','
              << int(report.poison->flagged[i]) << '\n';
    writeFileAtomically((fs::path(outDir) / "poison-scores.csv").string(), scatter.str());
  }
}

}  // namespace gaplab::cli
