// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal: process-wide settings that LibTorch's CPU kernels need to run at
// full speed on a small CPU machine; tests/bench measures each.

namespace gaplab {

// Applied once per process (later calls do nothing), by every network's
// constructor and by feature extraction, the places where BLAS work starts:
//  - OpenBLAS on one thread. LibTorch calls the system BLAS
//    (libopenblas0-pthread) for dense layers, and OpenBLAS's own threads spin
//    on the same two cores as LibTorch's OpenMP threads: the STRIP FC model's
//    inference ran at 3,900-5,400 img/s with OpenBLAS on 2 threads and
//    6,200-6,600 img/s on 1, in alternating runs. gaplab's dense layers are
//    small, so one BLAS thread loses nothing. A user's OPENBLAS_NUM_THREADS
//    is respected.
//  - Freed activations stay in the heap. glibc hands blocks over its mmap
//    threshold back to the kernel at once, so every training batch faulted
//    its activations in again (page faults cost ~5% of its time);
//    keeping them made STRIP training 10-15% faster. The heap then stays at
//    the peak a training needs (tens of MB). A user's MALLOC_* / GLIBC_TUNABLES
//    settings are respected.
void tuneProcessForTorch();

}  // namespace gaplab
