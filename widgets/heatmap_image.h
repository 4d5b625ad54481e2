// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QImage>

#include <vector>

namespace gaplab::widgets {

// An image of floats in [0,1], CHW with 1 or 3 channels, as a QImage (one pixel per value).
QImage imageFromChw(const std::vector<float>& chw, int channels, int height, int width);
// Values of any range scaled to their min..max through a perceptual colour map (viridis): spectrograms.
QImage colourised(const std::vector<float>& values, int height, int width);
// A class-activation map as a translucent overlay: upsampled bilinearly to
// `size`, scaled to its own min..max, through OpenCV's JET colour map.
QImage activationOverlay(const std::vector<float>& heat, int height, int width, QSize size, int alpha = 120);

}  // namespace gaplab::widgets
