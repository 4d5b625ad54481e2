// SPDX-License-Identifier: GPL-3.0-or-later
#include "heatmap_image.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace gaplab::widgets {

namespace {

cv::Mat normalisedBytes(const std::vector<float>& values, int height, int width) {
  cv::Mat source(height, width, CV_32F, const_cast<float*>(values.data()));
  cv::Mat bytes;
  cv::normalize(source, bytes, 0, 255, cv::NORM_MINMAX, CV_8U);
  return bytes;
}

QImage fromBgr(const cv::Mat& bgr) {
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return QImage(rgb.data, rgb.cols, rgb.rows, int(rgb.step), QImage::Format_RGB888).copy();
}

}  // namespace

QImage imageFromChw(const std::vector<float>& chw, int channels, int height, int width) {
  if (height <= 0 || width <= 0 || chw.size() < static_cast<std::size_t>(channels * height * width)) return {};
  auto byte = [](float v) { return static_cast<int>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
  const std::size_t plane = static_cast<std::size_t>(height * width);
  QImage image(width, height, channels >= 3 ? QImage::Format_RGB32 : QImage::Format_Grayscale8);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const std::size_t i = static_cast<std::size_t>(y * width + x);
      if (channels >= 3) image.setPixel(x, y, qRgb(byte(chw[i]), byte(chw[plane + i]), byte(chw[2 * plane + i])));
      else image.scanLine(y)[x] = static_cast<uchar>(byte(chw[i]));
    }
  return image;
}

QImage colourised(const std::vector<float>& values, int height, int width) {
  if (height <= 0 || width <= 0 || values.size() < static_cast<std::size_t>(height * width)) return {};
  cv::Mat bgr;
  cv::applyColorMap(normalisedBytes(values, height, width), bgr, cv::COLORMAP_VIRIDIS);
  return fromBgr(bgr);
}

QImage activationOverlay(const std::vector<float>& heat, int height, int width, QSize size, int alpha) {
  if (height <= 0 || width <= 0 || heat.size() < static_cast<std::size_t>(height * width) || size.isEmpty()) return {};
  cv::Mat source(height, width, CV_32F, const_cast<float*>(heat.data()));
  cv::Mat upsampled;
  cv::resize(source, upsampled, cv::Size(size.width(), size.height()), 0, 0, cv::INTER_LINEAR);
  std::vector<float> flat(upsampled.begin<float>(), upsampled.end<float>());
  cv::Mat bgr;
  cv::applyColorMap(normalisedBytes(flat, size.height(), size.width()), bgr, cv::COLORMAP_JET);
  QImage overlay = fromBgr(bgr).convertToFormat(QImage::Format_ARGB32);
  for (int y = 0; y < overlay.height(); ++y) {
    auto* line = reinterpret_cast<QRgb*>(overlay.scanLine(y));
    for (int x = 0; x < overlay.width(); ++x) line[x] = qRgba(qRed(line[x]), qGreen(line[x]), qBlue(line[x]), alpha);
  }
  return overlay;
}

}  // namespace gaplab::widgets
