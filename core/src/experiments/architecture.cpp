// SPDX-License-Identifier: GPL-3.0-or-later
#include "gaplab/architecture.h"

#include <utility>
#include <vector>

#include "gaplab/error.h"

namespace gaplab {

namespace {

// Every architecture and its name in specs, checkpoints and on the command line.
const std::vector<std::pair<Architecture, std::string>>& architectureNames() {
  static const std::vector<std::pair<Architecture, std::string>> names{
      {Architecture::Strip, "strip"},
      {Architecture::Lecture, "lecture"},
      {Architecture::TfTutorial, "tf_tutorial"},
      {Architecture::KimCnn, "kim_cnn"},
      {Architecture::Conv1d, "conv1d"},
      {Architecture::AdvDetection, "adv_detection"},
      {Architecture::TrojaningAttacks, "trojaning_attacks"},
      {Architecture::Resnet20, "resnet20"},
      {Architecture::PreactResnet18, "preact_resnet18"},
      {Architecture::Vgg11Bn, "vgg11_bn"},
      {Architecture::MobilenetV2, "mobilenet_v2"},
  };
  return names;
}

}  // namespace

std::string toString(Architecture arch) {
  for (const auto& [known, name] : architectureNames())
    if (known == arch) return name;
  return "lecture";
}

bool isTextArchitecture(Architecture arch) {
  return arch == Architecture::TfTutorial || arch == Architecture::KimCnn || arch == Architecture::Conv1d;
}
std::string toString(Head head) { return head == Head::Gap ? "gap" : "fc"; }

Architecture architectureFromString(const std::string& text) {
  std::string known;
  for (const auto& [arch, name] : architectureNames()) {
    if (name == text) return arch;
    known += (known.empty() ? "" : ", ") + name;
  }
  throw Error("unknown model '" + text + "' (known: " + known + ")");
}

Head headFromString(const std::string& text) {
  if (text == "gap") return Head::Gap;
  if (text == "fc") return Head::Fc;
  throw Error("unknown head '" + text + "' (known: fc, gap)");
}

}  // namespace gaplab
