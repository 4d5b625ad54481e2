// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: what a TextModel holds.
#include "gaplab/text_model.h"
#include "text_networks.h"

namespace gaplab {

struct TextModel::Impl {
  TextModelConfig config;
  TextNet net;
};

}  // namespace gaplab
