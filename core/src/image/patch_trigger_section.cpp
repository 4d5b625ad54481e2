// SPDX-License-Identifier: GPL-3.0-or-later
// The spec's "trigger" section: a patch of the input, as images and sound's
// painted trigger use it.
#include "gaplab/trigger.h"
#include "spec_fields.h"

namespace gaplab {

SpecSection patchTriggerSection() {
  return fieldSection<TriggerSpec>("trigger", &ExperimentSpec::trigger,
                                   {specField("pattern", &TriggerSpec::pattern),
                                    specField("width", &TriggerSpec::width),
                                    specField("height", &TriggerSpec::height),
                                    specField("seed", &TriggerSpec::seed),
                                    specField("value", &TriggerSpec::value),
                                    specField("mask", &TriggerSpec::mask),
                                    namedField("blend", &TriggerSpec::blend, toString, blendModeFromString),
                                    specField("alpha", &TriggerSpec::alpha),
                                    specField("clip", &TriggerSpec::clip),
                                    // Only painted triggers carry their cells; the others are rebuilt from the fields above.
                                    nonEmptyField("values", &TriggerSpec::values),
                                    nonEmptyField("mask_values", &TriggerSpec::maskValues)});
}

}  // namespace gaplab
