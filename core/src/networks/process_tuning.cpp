// SPDX-License-Identifier: GPL-3.0-or-later
#include "process_tuning.h"

#include <dlfcn.h>
#include <malloc.h>

#include <cstdlib>
#include <mutex>

namespace gaplab {

namespace {

void keepBlasSingleThreaded() {
  if (std::getenv("OPENBLAS_NUM_THREADS")) return;
  // Looked up at run time: another BLAS (the generic one) does not have it.
  using SetThreads = void (*)(int);
  if (const auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(1);
}

void keepFreedMemoryInHeap() {
  if (std::getenv("GLIBC_TUNABLES") || std::getenv("MALLOC_MMAP_THRESHOLD_") || std::getenv("MALLOC_TRIM_THRESHOLD_"))
    return;
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);  // glibc's maximum on 64-bit systems
  mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
}

}  // namespace

void tuneProcessForTorch() {
  static std::once_flag once;
  std::call_once(once, [] {
    keepBlasSingleThreaded();
    keepFreedMemoryInHeap();
  });
}

}  // namespace gaplab
