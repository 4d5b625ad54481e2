// SPDX-License-Identifier: GPL-3.0-or-later
// Precompiled header for core: the LibTorch headers dominate compile time.
#pragma once
#include <torch/torch.h>
