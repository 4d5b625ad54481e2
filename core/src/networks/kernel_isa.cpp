// SPDX-License-Identifier: GPL-3.0-or-later
#include "kernel_isa.h"

#include <cstdlib>

#include "gaplab/error.h"

namespace gaplab {

namespace {

bool cpuRuns(KernelIsa isa) {
#if GAPLAB_KERNEL_CLONES
  if (isa == KernelIsa::Avx512) return __builtin_cpu_supports("avx512f");
  if (isa == KernelIsa::Avx2) return __builtin_cpu_supports("avx2");
  return true;
#else
  return isa == KernelIsa::Off || isa == KernelIsa::Default;
#endif
}

}  // namespace

std::string kernelIsaName(KernelIsa isa) {
  switch (isa) {
    case KernelIsa::Off: return "off";
    case KernelIsa::Default: return "default";
    case KernelIsa::Avx2: return "avx2";
    case KernelIsa::Avx512: return "avx512";
  }
  return "default";
}

KernelIsa kernelIsa() {
  const char* value = std::getenv("GAPLAB_KERNELS");
  const std::string asked = value ? value : "";
  if (asked.empty()) {
    for (auto isa : {KernelIsa::Avx512, KernelIsa::Avx2})
      if (cpuRuns(isa)) return isa;
    return KernelIsa::Default;
  }
  for (auto isa : {KernelIsa::Off, KernelIsa::Default, KernelIsa::Avx2, KernelIsa::Avx512})
    if (asked == kernelIsaName(isa)) {
      if (!cpuRuns(isa)) throw Error("GAPLAB_KERNELS=" + asked + ": this CPU or build has no " + asked + " kernels");
      return isa;
    }
  throw Error("GAPLAB_KERNELS='" + asked + "': expected off, default, avx2 or avx512");
}

KernelIsa kernelBuildToRun() {
  const auto isa = kernelIsa();
  return isa == KernelIsa::Off ? KernelIsa::Default : isa;
}

}  // namespace gaplab
