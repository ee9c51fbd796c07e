"""One PyTorch row of `pnpm bench`: train the MLP or the CNN for one epoch of MNIST, or time one
matmul, on the CPU with the thread count the job names.

apps/bench/src/run-python.ts runs it with the job as JSON in argv[1] and OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS set, and reads the row's numbers from the one JSON line it prints on stdout.
The training data arrive staged by the bench (src/pytorch/stage-mnist.ts): the uint8 images and
labels, the value each pixel byte becomes and the epoch's sample order, all written by the Node
side, so this script sees the values and the order the chainrule and TF.js rows see.

Exit status 3 means PyTorch cannot be used here; stderr says why.
"""
import collections
import json
import math
import os
import resource
import statistics
import sys
import time

UNUSABLE = 3


def unusable(why):
    print(why, file=sys.stderr)
    sys.exit(UNUSABLE)


try:
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError as e:
    unusable(f"cannot import PyTorch: {e}")


def mapped_files():
    """The files mapped into this process: its executable and every shared library loaded."""
    with open("/proc/self/maps") as maps:
        return {fields[5].strip() for fields in (line.split(maxsplit=5) for line in maps) if len(fields) == 6}


def blas_problem(paths):
    """Why the loaded libraries `paths` are not the BLAS the rows measure, or None. Debian's
    python3-torch calls whatever libblas.so.3 the system provides; installed alone it pulls the
    reference BLAS, which made the MLP epoch 16x slower than OpenBLAS in issue 13. A build with no
    BLAS library of its own (a pip wheel links MKL statically) is no slow reference."""
    blas = sorted(p for p in paths if "blas" in os.path.basename(p))
    if blas and not any("openblas" in p for p in blas):
        return f"torch calls {', '.join(blas)}, not OpenBLAS"
    return None


def use_threads(threads):
    torch.set_num_threads(threads)
    if torch.get_num_threads() != threads:
        raise RuntimeError(f"asked for {threads} threads but torch runs {torch.get_num_threads()}")


def build_model(name):
    """The chainrule and TF.js architectures in PyTorch's NCHW layout (one channel: the same bytes
    as NHWC). Glorot-uniform weights and zero biases, as in the other rows (PyTorch's own default
    differs)."""
    if name == "mlp":
        layers = [nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)]
    else:
        layers = [
            nn.Conv2d(1, 8, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(16 * 4 * 4, 10),
        ]
    model = nn.Sequential(*layers)
    for layer in model:
        if isinstance(layer, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(layer.weight)
            nn.init.zeros_(layer.bias)
    return model


Staged = collections.namedtuple("Staged", "train_images train_labels test_images test_labels pixel_values order")


def read_staged(files):
    """The files src/pytorch/stage-mnist.ts wrote: uint8 images [n, 784], int64 labels (what
    cross_entropy takes), the 256 float32 values of the pixel bytes and the epoch's order."""
    def images(key):
        return np.fromfile(files[key], dtype=np.uint8).reshape(-1, 784)

    def labels(key):
        return np.fromfile(files[key], dtype=np.uint8).astype(np.int64)

    return Staged(
        images("trainImages"), labels("trainLabels"), images("testImages"), labels("testLabels"),
        np.fromfile(files["pixelValues"], dtype="<f4"), np.fromfile(files["order"], dtype="<i4"),
    )


def epoch_batches(data, size):
    """The epoch's batches as (x, y): [n, 784] float32 pixel values and [n] int64 class indices in
    the staged order, which is what the chainrule Batcher yields. Like the Batcher, it refills
    buffers made once, so a batch is valid until the next one is drawn."""
    codes = np.empty((size, 784), np.uint8)
    x = np.empty((size, 784), np.float32)
    y = np.empty(size, np.int64)
    for first in range(0, len(data.order), size):
        index = data.order[first:first + size]
        n = len(index)
        # mode="clip" writes straight into `out` ("raise" goes through a temporary copy); the
        # indices are the bench's permutation, always in range.
        np.take(data.train_images, index, axis=0, out=codes[:n], mode="clip")
        np.take(data.pixel_values, codes[:n], out=x[:n], mode="clip")
        np.take(data.train_labels, index, out=y[:n], mode="clip")
        yield x[:n], y[:n]


def train(job):
    data = read_staged(job["files"])
    size = job["batchSize"]
    shape = (-1, 784) if job["model"] == "mlp" else (-1, 1, 28, 28)
    torch.manual_seed(1)
    model = build_model(job["model"])
    optimizer = torch.optim.Adam(model.parameters(), lr=job["lr"], betas=(job["beta1"], job["beta2"]), eps=job["eps"])
    max_batches = job["maxBatches"] or math.inf
    max_seconds = job["maxSeconds"] or math.inf

    samples = batches = 0
    seconds = 0.0
    start = time.perf_counter()
    cpu_start = time.process_time()
    for x, y in epoch_batches(data, size):
        if batches >= max_batches or seconds >= max_seconds:
            break
        loss = F.cross_entropy(model(torch.from_numpy(x).view(shape)), torch.from_numpy(y))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        samples += len(y)
        batches += 1
        seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    if samples == 0:
        raise RuntimeError("no batch was trained: raise --max-seconds or the batch limit")

    tested = min(job["testSamples"], len(data.test_labels))
    correct = 0
    model.eval()
    with torch.no_grad():
        for first in range(0, tested, size):
            last = min(first + size, tested)
            logits = model(torch.from_numpy(data.pixel_values[data.test_images[first:last]]).view(shape))
            correct += int((logits.argmax(1) == torch.from_numpy(data.test_labels[first:last])).sum())

    epoch_size = len(data.order)
    extrapolated = samples < epoch_size
    per_epoch = epoch_size / samples if extrapolated else 1
    return {
        "epochSeconds": seconds * per_epoch,
        "epochCpuSeconds": cpu * per_epoch,
        "samplesPerSecond": samples / seconds,
        "testAccuracy": correct / tested,
        "extrapolated": extrapolated,
        "samplesTrained": samples,
        "testSamples": tested,
    }


def time_matmul(job):
    """GFLOPS of torch.mm into a preallocated output, timed as src/measure/matmul-gflops.ts times
    the Node systems: warm-up runs, then at least minReps runs and more until the budget is spent,
    2·m·k·n over the median time."""
    m, k, n = job["m"], job["k"], job["n"]
    torch.manual_seed(1)
    a, b, out = torch.randn(m, k), torch.randn(k, n), torch.empty(m, n)
    for _ in range(job["warmup"]):
        torch.mm(a, b, out=out)
    times = []
    total = 0.0
    while len(times) < job["minReps"] or total < job["budgetSeconds"]:
        t0 = time.perf_counter()
        torch.mm(a, b, out=out)
        times.append(time.perf_counter() - t0)
        total += times[-1]
    return {"gflops": 2 * m * k * n / statistics.median(times) / 1e9}


def main():
    job = json.loads(sys.argv[1])
    problem = blas_problem(mapped_files())
    if problem:
        unusable(problem)
    use_threads(job["threads"])
    row = train(job) if "model" in job else time_matmul(job)
    # ru_maxrss: the process's high-water mark in KiB on Linux, all threads included.
    row["peakRssMb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(row))


if __name__ == "__main__":
    main()
