#!/usr/bin/env python3
"""PyTorch side of `bin/splitfuse train-bench`: a persistent worker driven over stdin/stdout.

The architectures are the zoo's (fusion-core model.ModelZoo, kuangliu/pytorch-cifar forms) on
Fashion-MNIST at 1x28x28, 2x2 max pools in ceil mode as the zoo builds them. One command per line:

  build MODEL WIDTH              -> "ok PARAMS" (parameters + BatchNorm running statistics,
                                    the count DL4J's numParams() reports)
  train MODEL WIDTH BATCH WARMUP STEPS SEED -> "ok EXAMPLES_PER_S RSS_MB"
  infer MODEL WIDTH BATCH WARMUP STEPS      -> "ok EXAMPLES_PER_S RSS_MB"
  quit

Errors are answered with one line "error MESSAGE". Nothing else is written to stdout.
"""
import gzip
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

FASHION = os.environ.get("SPLITFUSE_FASHION_MNIST", "/usr/share/datasets/fashion-mnist")


def scaled(channels, width):
    return max(1, int(round(channels * width)))


def idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


class Data:
    """Fashion-MNIST normalised with the training set's mean and std (as the project does)."""

    def __init__(self):
        train = idx(os.path.join(FASHION, "train-images-idx3-ubyte.gz"), 16).reshape(-1, 1, 28, 28)
        test = idx(os.path.join(FASHION, "t10k-images-idx3-ubyte.gz"), 16).reshape(-1, 1, 28, 28)
        self.train_labels = torch.from_numpy(idx(os.path.join(FASHION, "train-labels-idx1-ubyte.gz"), 8).astype(np.int64))
        self.test_labels = torch.from_numpy(idx(os.path.join(FASHION, "t10k-labels-idx1-ubyte.gz"), 8).astype(np.int64))
        scaled01 = train.astype(np.float64) / 255.0
        mean, std = scaled01.mean(), scaled01.std()
        self.train = torch.from_numpy(((train / 255.0 - mean) / std).astype(np.float32))
        self.test = torch.from_numpy(((test / 255.0 - mean) / std).astype(np.float32))


def conv_bn_relu(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=True), nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1),
            nn.ReLU(inplace=True)]


class SmallCnn(nn.Module):
    def __init__(self, width, classes=10):
        super().__init__()
        c1, c2, h = scaled(16, width), scaled(32, width), scaled(64, width)
        self.features = nn.Sequential(*conv_bn_relu(1, c1), nn.MaxPool2d(2, ceil_mode=True),
                                      *conv_bn_relu(c1, c2), nn.MaxPool2d(2, ceil_mode=True))
        self.fc1 = nn.Linear(c2 * 7 * 7, h)
        self.classifier = nn.Linear(h, classes)

    def forward(self, x):
        x = self.features(x)
        return self.classifier(F.relu(self.fc1(x.view(x.size(0), -1))))


class Vgg11(nn.Module):
    def __init__(self, width, classes=10):
        super().__init__()
        layers, cin = [], 1
        for item in [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"]:
            if item == "M":
                layers.append(nn.MaxPool2d(2, ceil_mode=True))
            else:
                layers += conv_bn_relu(cin, scaled(item, width))
                cin = scaled(item, width)
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(cin, classes)

    def forward(self, x):
        x = self.features(x)
        return self.classifier(x.view(x.size(0), -1))


class BasicBlock(nn.Module):
    def __init__(self, cin, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != planes:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, planes, 1, stride=stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet18(nn.Module):
    def __init__(self, width, classes=10):
        super().__init__()
        c = scaled(64, width)
        self.conv1 = nn.Conv2d(1, c, 3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        blocks, cin = [], c
        for layer, planes in enumerate([64, 128, 256, 512]):
            out = scaled(planes, width)
            stage = []
            for block in range(2):
                stage.append(BasicBlock(cin, out, 2 if layer > 0 and block == 0 else 1))
                cin = out
            blocks.append(nn.Sequential(*stage))
        self.layer1, self.layer2, self.layer3, self.layer4 = blocks
        self.linear = nn.Linear(cin, classes)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layer4(self.layer3(self.layer2(self.layer1(out))))
        out = F.adaptive_avg_pool2d(out, 1)
        return self.linear(out.view(out.size(0), -1))


MODELS = {"small-cnn": SmallCnn, "vgg11-bn": Vgg11, "resnet18": ResNet18}


def build(model, width):
    if model not in MODELS:
        raise ValueError("unknown model " + model)
    torch.manual_seed(1)
    return MODELS[model](float(width))


def counted(net):
    """Parameters plus BatchNorm running mean and variance: what DL4J counts as parameters."""
    buffers = sum(b.numel() for name, b in net.named_buffers() if not name.endswith("num_batches_tracked"))
    return sum(p.numel() for p in net.parameters()) + buffers


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def train(data, model, width, batch, warmup, steps, seed):
    net = build(model, width)
    net.train()
    # the project's default: SGD, lr 0.05, Nesterov momentum 0.9, weight decay 5e-4 (OptimizerSpec.paper)
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)
    g = torch.Generator().manual_seed(seed)
    order = torch.randperm(data.train.shape[0], generator=g)
    start = None
    for step in range(warmup + steps):
        if step == warmup:
            start = time.perf_counter()
        i = order[(step * batch) % (order.numel() - batch):][:batch]
        x, y = data.train[i], data.train_labels[i]
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    elapsed = time.perf_counter() - start
    return steps * batch / elapsed, rss_mb()


def infer(data, model, width, batch, warmup, steps):
    net = build(model, width)
    net.eval()
    n = data.test.shape[0]
    correct = 0
    start = None
    with torch.no_grad():
        for step in range(warmup + steps):
            if step == warmup:
                start = time.perf_counter()
            lo = (step * batch) % (n - batch)
            predicted = net(data.test[lo:lo + batch]).argmax(1)
            correct += int((predicted == data.test_labels[lo:lo + batch]).sum())
    elapsed = time.perf_counter() - start
    return steps * batch / elapsed, rss_mb()


def main():
    threads = int(os.environ.get("SPLITFUSE_TORCH_THREADS", "2"))
    torch.set_num_threads(threads)
    data = Data()
    print("ready torch %s threads %d" % (torch.__version__, torch.get_num_threads()), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == "quit":
                break
            if words[0] == "build":
                print("ok %d" % counted(build(words[1], words[2])), flush=True)
            elif words[0] == "train":
                rate, rss = train(data, words[1], words[2], *map(int, words[3:7]))
                print("ok %.3f %.1f" % (rate, rss), flush=True)
            elif words[0] == "infer":
                rate, rss = infer(data, words[1], words[2], *map(int, words[3:6]))
                print("ok %.3f %.1f" % (rate, rss), flush=True)
            else:
                print("error unknown command " + words[0], flush=True)
        except Exception as e:  # reported to the driver, which stops with the message
            print("error %s: %s" % (type(e).__name__, str(e).replace("\n", " ")), flush=True)


if __name__ == "__main__":
    main()
