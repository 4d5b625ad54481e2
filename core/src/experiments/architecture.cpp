// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/architecture.h"

#include "gaplab/error.h"

namespace gaplab {

std::string toString(Architecture arch) {
  switch (arch) {
    case Architecture::Strip: return "strip";
    case Architecture::Lecture: return "lecture";
    case Architecture::TfTutorial: return "tf_tutorial";
    case Architecture::KimCnn: return "kim_cnn";
    case Architecture::Conv1d: return "conv1d";
    case Architecture::AdvDetection: return "adv_detection";
    case Architecture::TrojaningAttacks: return "trojaning_attacks";
  }
  return "lecture";
}

bool isTextArchitecture(Architecture arch) {
  return arch == Architecture::TfTutorial || arch == Architecture::KimCnn || arch == Architecture::Conv1d;
}
std::string toString(Head head) { return head == Head::Gap ? "gap" : "fc"; }

Architecture architectureFromString(const std::string& text) {
  if (text == "strip") return Architecture::Strip;
  if (text == "lecture") return Architecture::Lecture;
  if (text == "tf_tutorial") return Architecture::TfTutorial;
  if (text == "kim_cnn") return Architecture::KimCnn;
  if (text == "conv1d") return Architecture::Conv1d;
  if (text == "adv_detection") return Architecture::AdvDetection;
  if (text == "trojaning_attacks") return Architecture::TrojaningAttacks;
  throw Error("unknown model '" + text +
              "' (known: strip, lecture, tf_tutorial, kim_cnn, conv1d, adv_detection, trojaning_attacks)");
}

Head headFromString(const std::string& text) {
  if (text == "gap") return Head::Gap;
  if (text == "fc") return Head::Fc;
  throw Error("unknown head '" + text + "' (known: fc, gap)");
}

}  // namespace gaplab
