// Precompiled header for core: the LibTorch headers dominate compile time.
#pragma once
#include <torch/torch.h>
