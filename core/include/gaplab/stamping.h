// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <vector>

#include "gaplab/image_set.h"
#include "gaplab/positions.h"
#include "gaplab/trigger.h"

namespace gaplab {

// Stamps one CHW image in place. Throws Error if the trigger does not fit or
// its channel count differs from the image's (a 1-channel trigger is
// broadcast over all channels).
void stampImage(std::vector<float>& chw, ImageShape shape, const Trigger& trigger, Position position);

// Batched: every image stamped at the same position / at its own position.
ImageSet stampAll(const ImageSet& images, const Trigger& trigger, Position position);
ImageSet stampEach(const ImageSet& images, const Trigger& trigger, const std::vector<Position>& positions);
// Image i stamped with `trigger` carrying patterns[i] (CHW, the trigger's
// size) at positions[i]: one trigger shape, a pattern per image.
ImageSet stampEachWith(const ImageSet& images, const Trigger& trigger, const std::vector<std::vector<float>>& patterns,
                       const std::vector<Position>& positions);

}  // namespace gaplab
