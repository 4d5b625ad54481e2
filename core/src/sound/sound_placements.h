// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: where a sound trigger can go, in the coordinates of the clip's
// feature image (frames x bins). A waveform trigger (tone, noise, wav) starts
// at a feature frame and covers every bin; a painted trigger is a patch of
// feature cells whose first bin the spec fixes.
#include "gaplab/experiment_spec.h"
#include "gaplab/image_set.h"
#include "poison_plan.h"

namespace gaplab {

// "@SECONDS": the onset frame's time at the clip's own rate.
std::string soundPlacementToken(const ExperimentSpec& spec, Placement placement);

class SoundPlacements : public TriggerPlacements {
public:
  // `spec` gives the trigger and the feature settings; `features` is the
  // feature image's shape; `points` the waveform trigger's length in samples
  // (unused for a painted trigger).
  SoundPlacements(const ExperimentSpec& spec, ImageShape features, int points);
  Extent extent() const override;
  std::vector<Placement> placements(int stride) const override;  // painted: a 2-D grid; waveform: every onset frame
  Placement randomPlacement(int input, SplitMix64& rng) const override;  // an onset frame, the same range for every clip
  std::string token(Placement placement) const override;

private:
  int lastFrame() const;  // the latest onset at which the whole trigger fits; throws Error when none does

  ExperimentSpec spec_;
  ImageShape features_;
  int points_;
  bool painted_;
};

}  // namespace gaplab
