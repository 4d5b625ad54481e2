// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The three kinds of input gaplab experiments on, and what a spec of each may
// hold: the one list the CLI's checks, the GUI's choices and the docs share.
#include <string>
#include <vector>

#include "gaplab/architecture.h"

namespace gaplab {

enum class Modality { Image, Sound, Text };

std::string toString(Modality modality);
Modality modalityFromString(const std::string& text);  // throws Error listing the known ones
const std::vector<Modality>& allModalities();

// The architectures a spec of this modality may name (sound models read MFCC
// images, so every image architecture serves sound too, and the other way round).
std::vector<Architecture> architecturesFor(Modality modality);
std::vector<std::string> datasetsFor(Modality modality);
// The named placements a training position may be (besides the modality's
// coordinates: "x:y" for images, "@SECONDS" for sound, "@TOKEN" for text).
std::vector<std::string> namedPlacementsFor(Modality modality);
// The named placement farthest from `from` (a named or coordinate
// placement): the off-position the lecture view watches by default (image
// upper-left -> lower-right; sound and text start -> end, end -> start).
std::string farthestPlacement(Modality modality, const std::string& from);
// How a placement of this modality is written, for help texts ("start, middle, end, split, @seconds, or random").
std::string placementSyntaxFor(Modality modality);

// Images: the trigger patterns of TriggerSpec::pattern; sound: the kinds of SoundTriggerSpec::kind.
std::vector<std::string> triggerKindsFor(Modality modality);

}  // namespace gaplab
