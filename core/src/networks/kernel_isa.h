// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: which instruction set the fused passes (first_block.cpp,
// pool_relu_affine.cpp), the evaluation-only convolutions (winograd_conv.cpp,
// few_channel_conv.cpp) and the row-independent dense kernel (row_stable.cpp)
// run on, chosen by GAPLAB_KERNELS:
//   off      no fused passes or own convolutions: the plain LibTorch layers
//            everywhere (the dense kernel, there for correctness, then runs
//            its baseline build);
//   default  the baseline build of the kernels (SSE2 on x86-64);
//   avx2     the AVX2 build;   avx512   the AVX-512F build.
// Unset (or empty): the widest build this CPU runs. Asking for a build the
// CPU cannot run is an error, not a silent fallback: a test matrix must run
// what it names.
//
// Every build computes the same bits: the kernels' sums run lane by lane in
// one fixed order, and their files are compiled with -ffp-contract=off, so no
// build contracts a multiply and an add into an FMA that another does not.
// That is what lets the test suite compare one build against another on a
// machine that has them all, and a result on an AVX2 machine with one from
// an AVX-512 machine, as far as these kernels go.
//
// How a kernel is built for each set: its loops live in a *_kernels.inc file
// that kernel_builds.inc compiles once per set, and GAPLAB_KERNEL_CALL picks the
// build at run time.
#include <string>

namespace gaplab {

enum class KernelIsa { Off, Default, Avx2, Avx512 };

// GAPLAB_KERNELS as above; throws Error naming the variable for a value it
// does not know or a set this CPU (or this build) lacks.
KernelIsa kernelIsa();
std::string kernelIsaName(KernelIsa isa);
// The build a kernel takes that runs whatever GAPLAB_KERNELS says: the
// row-independent dense kernel (which is there for correctness) and the
// evaluation convolutions when called directly. kernelIsa(), with Off
// meaning "no fused passes" and so the baseline build.
KernelIsa kernelBuildToRun();

#if defined(__x86_64__) && defined(__GNUC__)
#define GAPLAB_KERNEL_CLONES 1
// Calls kernels_<set>::CALL for the set `isa` names (never Off).
#define GAPLAB_KERNEL_CALL(isa, CALL)                                   \
  do {                                                           \
    if ((isa) == ::gaplab::KernelIsa::Avx512) kernels_avx512::CALL; \
    else if ((isa) == ::gaplab::KernelIsa::Avx2) kernels_avx2::CALL; \
    else kernels_default::CALL;                                  \
  } while (false)
#else
#define GAPLAB_KERNEL_CLONES 0
#define GAPLAB_KERNEL_CALL(isa, CALL) \
  do {                         \
    (void)(isa);               \
    kernels_default::CALL;     \
  } while (false)
#endif

}  // namespace gaplab
