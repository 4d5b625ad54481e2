# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python reference for tests/bench/defences.sh: Neural Cleanse and STRIP
written plainly in PyTorch as the official code runs them, on the lecture
CNN (GAP head) in eval mode, 2 threads.

Neural Cleanse: per class one after the other (bolunwang/backdoor
visualizer.py), a mask and pattern in tanh space, Adam(0.1, betas 0.5/0.9),
each step 31 updates of batch 32 from 1,000 clean inputs; 20 steps a class,
10 classes: the same updates as gaplab-defence-bench's fixed run. STRIP:
1,000 inputs, each superimposed on 100 held-out inputs (the official sum),
one batch of 100 per input. Timing does not depend on the weights, so the
network keeps its initial ones. Prints one JSON object."""
import json
import time

import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(2)
torch.manual_seed(0)


class Lecture(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(16), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(32), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(64))
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc(self.trunk(x).mean((2, 3)))


def neural_cleanse(model, clean, classes=10, steps=20, batch=32):
    eps = 1e-7
    updates = len(clean) // batch
    for label in range(classes):
        mask_tanh = torch.atanh((torch.rand(28, 28) - 0.5) * (2 - eps)).requires_grad_(True)
        pattern_tanh = torch.atanh((torch.rand(1, 28, 28) - 0.5) * (2 - eps)).requires_grad_(True)
        optimiser = torch.optim.Adam([mask_tanh, pattern_tanh], lr=0.1, betas=(0.5, 0.9), eps=eps)
        target = torch.full((batch,), label, dtype=torch.long)
        cost = 0.0
        for _ in range(steps):
            order = torch.randperm(len(clean))
            for u in range(updates):
                x = clean[order[u * batch:(u + 1) * batch]]
                mask = torch.tanh(mask_tanh) / (2 - eps) + 0.5
                pattern = torch.tanh(pattern_tanh) / (2 - eps) + 0.5
                stamped = (1 - mask) * x + mask * pattern
                logits = model(stamped)
                loss = nn.functional.cross_entropy(logits, target) + cost * mask.abs().sum()
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()


def strip(model, inputs, held_out, overlays=100):
    with torch.no_grad():
        for x in inputs:
            partners = held_out[torch.randint(0, len(held_out), (overlays,))]
            p = torch.softmax(model(x.unsqueeze(0) + partners), 1)
            (-(p * torch.log2(p.clamp_min(1e-30))).sum(1)).mean().item()


def main():
    model = Lecture().eval()
    for p in model.parameters():
        p.requires_grad_(False)
    clean = torch.rand(1000, 1, 28, 28)
    start = time.perf_counter()
    neural_cleanse(model, clean)
    nc = time.perf_counter() - start
    start = time.perf_counter()
    strip(model, torch.rand(1000, 1, 28, 28), clean)
    st = time.perf_counter() - start
    print(json.dumps({"nc_fixed_20_steps_seconds": nc, "nc_fixed_updates": 10 * 20 * 31,
                      "strip_seconds_per_1000": st}))


if __name__ == "__main__":
    main()
