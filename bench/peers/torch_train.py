"""PyTorch peer of bench/train: the same DLRM-like Criteo-shaped model, trained
the way a PyTorch user would train it (DLRM's sparse embedding gradients,
torch.optim.Adagrad, BCE on logits, gradient-norm clipping), on the very
batches the TypeScript side trained on.

Usage: /usr/bin/python3 torch_train.py META.json
META.json names a binary file of batches (per batch: float32 dense [B, D],
int32 ids [B, F], float32 labels [B], little-endian) and gives the shapes,
the table sizes, the learning rate, and how many steps to warm up and time.
The last line printed is one JSON object with the figures.
"""
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn


class DlrmLike(nn.Module):
    """bench/train/bench-model.ts's BENCH_SPEC, layer for layer."""

    def __init__(self, table_rows, dense_features, e=16):
        super().__init__()
        f = len(table_rows)
        self.embeddings = nn.ModuleList(nn.Embedding(n, e, sparse=True) for n in table_rows)
        self.fc0 = nn.Linear(dense_features, 64)  # block 0: FC 64
        self.fc1 = nn.Linear(64, 16)  # block 1: FC 16
        k = round((2 * 64) ** 0.5)  # block 2: DP, dim 64 -> k = 11 rows
        self.dp_rows = nn.Linear(f, k)
        self.dp_out = nn.Linear(k * (k + 1) // 2, 64)
        self.fc3 = nn.Linear(16 + 64, 64)  # block 3: FC 64 on blocks 1 and 2
        self.efc3 = nn.Linear(f, 16)  # block 3: EFC 26 -> 16 rows
        self.final = nn.Linear(64 + 16 * e, 1)
        rows, cols = torch.tril_indices(k + 1, k + 1, offset=-1)
        self.register_buffer("rows", rows)
        self.register_buffer("cols", cols)

    def forward(self, dense, ids):
        emb = torch.stack([t(ids[:, i]) for i, t in enumerate(self.embeddings)], dim=1)
        x1 = torch.relu(self.fc1(torch.relu(self.fc0(dense))))
        y = self.dp_rows(emb.transpose(1, 2)).transpose(1, 2)
        t = torch.cat([x1.unsqueeze(1), y], dim=1)
        z = torch.bmm(t, t.transpose(1, 2))[:, self.rows, self.cols]
        x2 = self.dp_out(z)
        x3 = torch.relu(self.fc3(torch.cat([x1, x2], dim=1)))
        s3 = torch.relu(self.efc3(emb.transpose(1, 2)))
        return self.final(torch.cat([x3, s3.flatten(1)], dim=1)).squeeze(1)


def main():
    meta = json.load(open(sys.argv[1]))
    b, d, f = meta["batch"], meta["denseFeatures"], meta["sparseFeatures"]
    raw = np.fromfile(meta["batches"], dtype=np.uint8)
    per = b * d * 4 + b * f * 4 + b * 4
    batches = []
    for i in range(meta["count"]):
        chunk = raw[i * per : (i + 1) * per]
        dense = torch.from_numpy(chunk[: b * d * 4].view(np.float32).reshape(b, d).copy())
        ids = chunk[b * d * 4 : b * d * 4 + b * f * 4].view(np.int32).reshape(b, f)
        labels = torch.from_numpy(chunk[b * d * 4 + b * f * 4 :].view(np.float32).copy())
        batches.append((dense, torch.from_numpy(ids.astype(np.int64)), labels))

    torch.manual_seed(meta["seed"])
    model = DlrmLike(meta["tableRows"], d)
    optimizer = torch.optim.Adagrad(model.parameters(), lr=meta["learningRate"], eps=1e-2)
    loss_fn = nn.BCEWithLogitsLoss()

    def step(i):
        dense, ids, labels = batches[i % len(batches)]
        optimizer.zero_grad()
        loss = loss_fn(model(dense, ids), labels)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
        return loss.item()

    for i in range(meta["warmupSteps"]):
        step(i)
    start = time.perf_counter()
    losses = [step(i) for i in range(meta["steps"])]
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "steps": meta["steps"],
                "seconds": seconds,
                "samplesPerSec": meta["steps"] * b / seconds,
                "lastLoss": losses[-1],
                "threads": torch.get_num_threads(),
                "torch": torch.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
