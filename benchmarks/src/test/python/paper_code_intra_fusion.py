#!/usr/bin/env python3
"""Writes the fixture of PaperCodeFixtureTest: a small VGG11-BN and what the published Intra-Fusion code
(alexandertheus/Intra-Fusion, main.py's defaults) makes of it.

Usage: /usr/bin/python3 paper_code_intra_fusion.py --out DIR   (torch 1.13, POT 0.8.2)

An independent re-implementation of the published algorithm, written from reading that code; the published
behaviour it follows (each point checked against the code, see docs/intra-fusion.md):
  * every BatchNorm is folded into the convolution before it when the pruner is built, for default pruning
    and Intra-Fusion alike: w' = w / sqrt(var) * gamma, b' = (b - mean) / sqrt(var) * gamma + beta (no eps);
    the BatchNorm is then left with mean 0, var 1, gamma 1, beta 0, so in eval mode it still divides by
    sqrt(1 + eps);
  * importance (l1): per channel, the L1 norm of the producer's out-channel row (no bias) and of the
    consumer's in-channel column, averaged over the two and divided by their mean; BatchNorm not counted;
  * n - int(n * (1 - sparsity)) channels of lowest importance are removed, the rest kept in index order;
  * pairing vectors: producer row and consumer column concatenated, no bias, scaled to unit L2 norm;
  * cost: torch.cdist with p = 1 between all vectors and the kept ones (float32);
  * uniform marginals, plan from ot.emd, transposed to m x n and each source's column divided by its sum;
  * merge: that m x n matrix applied to the producer's weight and bias (out axis) and to the consumer's
    weight (in axis); the BatchNorm (constant after folding) keeps the kept channels' entries;
  * the groups are numbered from the output (the classifier is never pruned); several groups are pruned
    one after another, each seeing the previous groups' result.

Files written: vgg11bn-w16.safetensors (the model, a PyTorch state_dict at width 1/16 for 3x32x32 inputs,
random weights and BatchNorm statistics) and paper-code-expected.safetensors: "inputs" (four images),
"folded/<name>" (the model after the published folding) and, for each case NAME, "NAME/<name>" for each
tensor of the pruned model that differs from the folded one (the rest equal "folded/<name>") and
"NAME/logits" (the pruned model's outputs on "inputs", in eval mode).
"""
import argparse
import json
import math
import os
import struct

import numpy as np
import ot
import torch
from torch import nn

CFG = [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"]
WIDTH = 1 / 16
CLASSES = 10
EPS = 1e-5

# name, method, groups (0 = nearest the output), sparsity
CASES = [
    ("if-g0-s50", "intra-fusion", [0], 0.5),
    ("if-g4-s30", "intra-fusion", [4], 0.3),
    ("if-g2-s70", "intra-fusion", [2], 0.7),
    ("default-g3-s50", "default", [3], 0.5),
    ("if-all-s50", "intra-fusion", list(range(8)), 0.5),
]


def scaled(channels):
    return max(1, int(math.floor(channels * WIDTH + 0.5)))


class Vgg(nn.Module):
    """kuangliu's VGG11 with BatchNorm (conv biases on, one linear layer), names features.N / classifier."""

    def __init__(self, widths=None):
        super().__init__()
        layers, c_in, k = [], 3, 0
        for item in CFG:
            if item == "M":
                layers.append(nn.MaxPool2d(2, 2))
            else:
                c_out = widths[k] if widths else scaled(item)
                k += 1
                layers += [nn.Conv2d(c_in, c_out, 3, padding=1, bias=True), nn.BatchNorm2d(c_out, eps=EPS),
                           nn.ReLU()]
                c_in = c_out
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(c_in, CLASSES)

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


def random_model(seed):
    torch.manual_seed(seed)
    model = Vgg()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.Conv2d):
                m.bias.normal_(0, 0.1)
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.4, 1.6)
                m.bias.normal_(0, 0.2)
                m.running_mean.normal_(0, 0.3)
                # small variances make the folding's eps visible
                m.running_var.uniform_(0.01, 2.0)
                m.num_batches_tracked.fill_(100)
    return model.eval()


def layers(state):
    """(conv name, bn name) in network order."""
    convs = sorted({k.rsplit(".", 1)[0] for k in state if k.startswith("features.") and state[k].dim() == 4},
                   key=lambda n: int(n.split(".")[1]))
    return [(c, "features." + str(int(c.split(".")[1]) + 1)) for c in convs]


def fold_all(state):
    for conv, bn in layers(state):
        std = torch.sqrt(state[bn + ".running_var"])
        gamma, beta, mean = state[bn + ".weight"], state[bn + ".bias"], state[bn + ".running_mean"]
        state[conv + ".weight"] = state[conv + ".weight"] / std[:, None, None, None] * gamma[:, None, None, None]
        state[conv + ".bias"] = (state[conv + ".bias"] - mean) / std * gamma + beta
        n = mean.shape[0]
        state[bn + ".running_mean"] = torch.zeros(n)
        state[bn + ".running_var"] = torch.ones(n)
        state[bn + ".weight"] = torch.ones(n)
        state[bn + ".bias"] = torch.zeros(n)


def group_layers(state, group):
    """The producer conv, its BatchNorm and the consumer (next conv or the classifier) of a group."""
    order = layers(state)
    k = len(order) - 1 - group
    conv, bn = order[k]
    consumer = order[k + 1][0] if k + 1 < len(order) else "classifier"
    return conv, bn, consumer


def in_columns(w):
    """The consumer's weight as one row per input channel."""
    return w.transpose(0, 1).flatten(1)


def prune_group(state, group, sparsity, method, original_channels):
    conv, bn, consumer = group_layers(state, group)
    w_out = state[conv + ".weight"]
    w_in = state[consumer + ".weight"]
    n = w_out.shape[0]
    l1 = torch.stack([w_out.flatten(1).abs().sum(1), in_columns(w_in).abs().sum(1)]).mean(0)
    importance = l1 / l1.mean()
    keep_n = int(original_channels[conv] * (1 - sparsity))
    if n - keep_n <= 0:
        return
    removed = set(int(i) for i in torch.argsort(importance)[: n - keep_n])
    keep = [i for i in range(n) if i not in removed]

    if method == "default":
        a = torch.zeros(len(keep), n)
        a[torch.arange(len(keep)), torch.tensor(keep)] = 1
    else:
        vectors = torch.cat([w_out.flatten(1), in_columns(w_in)], dim=1)
        vectors = vectors / torch.norm(vectors, dim=-1, keepdim=True)
        cost = torch.cdist(vectors, vectors[keep], p=1)
        mu = np.ones(n, dtype="float64") / n
        nu = np.ones(len(keep), dtype="float64") / len(keep)
        plan = torch.from_numpy(ot.emd(mu, nu, cost.numpy()).transpose()).float()
        a = plan / plan.sum(dim=0)

    state[conv + ".weight"] = torch.einsum("en,nchw->echw", a, w_out)
    state[conv + ".bias"] = a @ state[conv + ".bias"]
    for key in ("weight", "bias", "running_mean", "running_var"):
        state[bn + "." + key] = state[bn + "." + key][keep]
    if w_in.dim() == 4:
        state[consumer + ".weight"] = torch.einsum("en,onhw->oehw", a, w_in)
    else:
        state[consumer + ".weight"] = w_in @ a.t()


def prune(original, method, groups, sparsity):
    state = {k: v.clone() for k, v in original.items()}
    fold_all(state)
    widths = {conv: state[conv + ".weight"].shape[0] for conv, _ in layers(state)}
    for g in sorted(groups):
        prune_group(state, g, sparsity, method, widths)
    return state


def model_of(state):
    model = Vgg([state[conv + ".weight"].shape[0] for conv, _ in layers(state)])
    model.load_state_dict(state)
    return model.eval()


def write_safetensors(path, tensors):
    """The safetensors layout: 8-byte little-endian header length, JSON header, raw little-endian data."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        array = t.detach().contiguous().numpy()
        dtype = {np.dtype("float32"): "F32", np.dtype("int64"): "I64"}[array.dtype]
        data = array.astype(array.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="directory for the two .safetensors files")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    model = random_model(args.seed)
    original = model.state_dict()
    write_safetensors(os.path.join(args.out, "vgg11bn-w16.safetensors"), original)

    torch.manual_seed(args.seed + 1)
    inputs = torch.randn(4, 3, 32, 32)
    folded = {k: v.clone() for k, v in original.items()}
    fold_all(folded)
    expected = {"inputs": inputs}
    expected.update({"folded/" + k: v for k, v in folded.items()})
    with torch.no_grad():
        print("original logits[0]:", model(inputs)[0].numpy().round(4))
        for name, method, groups, sparsity in CASES:
            state = prune(original, method, groups, sparsity)
            logits = model_of(state)(inputs)
            expected.update({name + "/" + k: v for k, v in state.items()
                             if v.shape != folded[k].shape or not torch.equal(v, folded[k])})
            expected[name + "/logits"] = logits
            print(name, "channels", [state[c + ".weight"].shape[0] for c, _ in layers(state)],
                  "logits[0]:", logits[0].numpy().round(4))
    write_safetensors(os.path.join(args.out, "paper-code-expected.safetensors"), expected)


if __name__ == "__main__":
    main()
