// SPDX-License-Identifier: GPL-3.0-or-later
#include "modality_descriptor.h"

#include "gaplab/error.h"

namespace gaplab {

const std::vector<ModalityDescriptor>& modalityRegistry() {
  static const std::vector<ModalityDescriptor> registry{imageDescriptor(), soundDescriptor(), textDescriptor()};
  return registry;
}

const ModalityDescriptor& descriptorOf(Modality modality) {
  for (const auto& descriptor : modalityRegistry())
    if (descriptor.modality == modality) return descriptor;
  throw Error("modality " + std::to_string(static_cast<int>(modality)) + " is not registered");
}

}  // namespace gaplab
