// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: where a patch trigger can go on an image: its top-left pixel,
// anywhere the whole patch fits.
#include "gaplab/image_set.h"
#include "poison_plan.h"

namespace gaplab {

class ImagePlacements : public TriggerPlacements {
public:
  ImagePlacements(ImageShape image, Extent trigger) : image_(image), trigger_(trigger) {}
  Extent extent() const override { return trigger_; }
  std::vector<Placement> placements(int stride) const override;
  Placement randomPlacement(int input, SplitMix64& rng) const override;  // the same range for every image
  std::string token(Placement placement) const override;                 // "x:y"

private:
  ImageShape image_;
  Extent trigger_;
};

}  // namespace gaplab
