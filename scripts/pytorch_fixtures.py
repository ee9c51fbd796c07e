#!/usr/bin/env python3
"""Writes the PyTorch reference fixtures under fixtures/pytorch/ that chainrule's tests compare against.

One JSON file per case: fixtures/pytorch/<group>/<case>.json =
  {"case": str, "config": {...chainrule option names...}, "tensors": {name: {"shape": [...], "data": [...]}}}
Every tensor is already in chainrule's layout: images NHWC, conv filters HWIO, Dense weight [in, out].

Inputs are drawn from fixed seeds and rounded to 4 decimals *before* PyTorch sees them, so the
stored inputs are exactly what the outputs were computed from; PyTorch then runs in float64 and the
outputs are stored with 12 significant digits.

Run with the Debian PyTorch: /usr/bin/python3 scripts/pytorch_fixtures.py
"""
import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "pytorch")


def rounded(t, decimals=4):
    """Inputs: rounded so the JSON holds them exactly as PyTorch used them."""
    return torch.round(t * 10**decimals) / 10**decimals


def randn(gen, *shape):
    return rounded(torch.randn(*shape, generator=gen))


def nhwc(t):
    """PyTorch NCHW -> chainrule NHWC."""
    return t.permute(0, 2, 3, 1)


def nchw(t):
    """chainrule NHWC -> PyTorch NCHW."""
    return t.permute(0, 3, 1, 2)


def pack(t):
    t = t.detach().contiguous()
    return {"shape": list(t.shape), "data": [float(f"{v:.12g}") for v in t.reshape(-1).tolist()]}


def write(group, case, config, tensors):
    folder = os.path.join(ROOT, group)
    os.makedirs(folder, exist_ok=True)
    # One line per tensor keeps the files small and still diffable.
    lines = [f'  "case": {json.dumps(case)},', f'  "config": {json.dumps(config)},', '  "tensors": {']
    items = [f"    {json.dumps(name)}: {json.dumps(pack(t))}" for name, t in tensors.items()]
    lines.append(",\n".join(items))
    lines.append("  }")
    with open(os.path.join(folder, f"{case}.json"), "w") as f:
        f.write("{\n" + "\n".join(lines) + "\n}\n")


def leaf(t):
    return t.clone().requires_grad_(True)


# ---------------------------------------------------------------- layers

def dense_case(case, seed, batch, inputs, units):
    gen = torch.Generator().manual_seed(seed)
    x = leaf(randn(gen, batch, inputs))
    weight = leaf(randn(gen, inputs, units))  # chainrule layout [in, out]; PyTorch's Linear holds its transpose
    bias = leaf(randn(gen, units))
    y = F.linear(x, weight.t(), bias)
    dy = randn(gen, batch, units)
    y.backward(dy)
    write("dense", case, {"units": units}, {
        "x": x, "weight": weight, "bias": bias, "y": y, "dy": dy,
        "dx": x.grad, "dweight": weight.grad, "dbias": bias.grad,
    })


def same_padding(size, k, stride):
    """chainrule's (and TF's) 'same': out = ceil(in / stride), the odd extra pad at the bottom / right."""
    out = -(-size // stride)
    total = max((out - 1) * stride + k - size, 0)
    return total // 2, total - total // 2


def conv2d_case(case, seed, x_shape, filters, kernel, stride, padding, use_bias):
    gen = torch.Generator().manual_seed(seed)
    n, h, w, c = x_shape
    kh, kw = kernel
    x = leaf(randn(gen, n, h, w, c))
    weight = leaf(randn(gen, kh, kw, c, filters))
    bias = leaf(randn(gen, filters)) if use_bias else None
    xt = nchw(x)
    if padding == "same":
        top, bottom = same_padding(h, kh, stride)
        left, right = same_padding(w, kw, stride)
        xt = F.pad(xt, (left, right, top, bottom))
        pad = 0
    else:
        pad = 0 if padding == "valid" else padding
    y = nhwc(F.conv2d(xt, weight.permute(3, 2, 0, 1), bias, stride=stride, padding=pad))
    dy = randn(gen, *y.shape)
    y.backward(dy)
    tensors = {"x": x, "weight": weight}
    if use_bias:
        tensors["bias"] = bias
    tensors.update({"y": y, "dy": dy, "dx": x.grad, "dweight": weight.grad})
    if use_bias:
        tensors["dbias"] = bias.grad
    config = {"filters": filters, "kernelSize": [kh, kw], "stride": stride, "padding": padding, "useBias": use_bias}
    write("conv2d", case, config, tensors)


def distinct_image(gen, shape):
    """Values without ties, so max pooling has one clear winner per window."""
    n = 1
    for d in shape:
        n *= d
    perm = torch.randperm(n, generator=gen).to(torch.float64)
    return rounded((perm - n / 2) / n * 4).reshape(shape)


def pool_case(group, case, seed, x_shape, pool, stride, padding):
    gen = torch.Generator().manual_seed(seed)
    x = leaf(distinct_image(gen, x_shape))
    pad = 0 if padding == "valid" else padding
    if group == "maxpool2d":
        yt = F.max_pool2d(nchw(x), pool, stride=stride, padding=pad)
    else:
        # chainrule averages only the cells inside the image.
        yt = F.avg_pool2d(nchw(x), pool, stride=stride, padding=pad, count_include_pad=False)
    y = nhwc(yt)
    dy = randn(gen, *y.shape)
    y.backward(dy)
    write(group, case, {"poolSize": pool, "stride": stride, "padding": padding},
          {"x": x, "y": y, "dy": dy, "dx": x.grad})


def batchnorm_case(case, seed, x_shape, training, eps=1e-5, momentum=0.1):
    gen = torch.Generator().manual_seed(seed)
    features = x_shape[-1]
    x = leaf(randn(gen, *x_shape) * 2 + 0.5)
    gamma = leaf(rounded(1 + 0.5 * torch.randn(features, generator=gen)))
    beta = leaf(randn(gen, features))
    running_mean = randn(gen, features) * 0.5
    running_var = rounded(0.5 + torch.rand(features, generator=gen))
    rm, rv = running_mean.clone(), running_var.clone()
    xt = nchw(x) if x.dim() == 4 else x
    yt = F.batch_norm(xt, rm, rv, gamma, beta, training=training, momentum=momentum, eps=eps)
    y = nhwc(yt) if x.dim() == 4 else yt
    dy = randn(gen, *y.shape)
    y.backward(dy)
    write("batchnorm", case, {"training": training, "eps": eps, "momentum": momentum}, {
        "x": x, "gamma": gamma, "beta": beta, "running_mean": running_mean, "running_var": running_var,
        "y": y, "dy": dy, "dx": x.grad, "dgamma": gamma.grad, "dbeta": beta.grad,
        "running_mean_after": rm, "running_var_after": rv,
    })


# ---------------------------------------------------------------- losses

def loss_tensors(pred_name, pred, target, loss):
    loss.backward()
    return {pred_name: pred, "target": target, "loss": loss.reshape(1), f"d{pred_name}": pred.grad}


def losses():
    gen = torch.Generator().manual_seed(300)
    pred = leaf(randn(gen, 4, 3))
    target = randn(gen, 4, 3)
    write("losses", "mse", {}, loss_tensors("pred", pred, target, F.mse_loss(pred, target)))

    def softmax_ce(case, seed, targets, smoothing, scale=1.0):
        g = torch.Generator().manual_seed(seed)
        rows, classes = 5, 4
        logits = leaf(randn(g, rows, classes) * scale)
        labels = torch.randint(0, classes, (rows,), generator=g)
        target = F.one_hot(labels, classes).to(torch.float64) if targets == "onehot" else labels.to(torch.float64)
        loss = F.cross_entropy(logits, labels, label_smoothing=smoothing)
        write("losses", case, {"targets": targets, "labelSmoothing": smoothing},
              loss_tensors("logits", logits, target, loss))

    softmax_ce("softmax_ce_indices", 301, "indices", 0.0)
    softmax_ce("softmax_ce_onehot", 302, "onehot", 0.0)
    softmax_ce("softmax_ce_smoothing", 303, "indices", 0.1)
    softmax_ce("softmax_ce_large_logits", 304, "indices", 0.0, scale=1000.0)

    g = torch.Generator().manual_seed(305)
    logits = leaf(randn(g, 4, 3) * 3)
    # Targets mix hard labels and probabilities: the formula covers both.
    target = rounded(torch.rand(4, 3, generator=g), 2)
    target[0] = torch.tensor([0.0, 1.0, 1.0])
    write("losses", "bce_logits", {}, loss_tensors("logits", logits, target,
                                                    F.binary_cross_entropy_with_logits(logits, target)))


# ---------------------------------------------------------------- optimizers

def optim_case(case, seed, make, config, steps=3):
    gen = torch.Generator().manual_seed(seed)
    param = randn(gen, 2, 3)
    grads = [randn(gen, 2, 3) for _ in range(steps)]
    p = torch.nn.Parameter(param.clone())
    opt = make([p])
    tensors = {"param": param}
    for i, grad in enumerate(grads):
        tensors[f"grad_{i}"] = grad
    for i, grad in enumerate(grads):
        p.grad = grad.clone()
        opt.step()
        tensors[f"param_after_{i + 1}"] = p.detach().clone()
    write("optim", case, config, tensors)


def optimizers():
    optim_case("sgd_momentum", 400, lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=1e-4),
               {"lr": 0.1, "momentum": 0.9, "nesterov": False, "weightDecay": 1e-4})
    optim_case("sgd_nesterov", 401, lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True),
               {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weightDecay": 0})
    optim_case("adam", 402, lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8),
               {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weightDecay": 0})
    optim_case("adam_l2", 403, lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.8, 0.99), eps=1e-8, weight_decay=0.1),
               {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "eps": 1e-8, "weightDecay": 0.1})
    optim_case("adamw", 404, lambda ps: torch.optim.AdamW(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01),
               {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weightDecay": 0.01})
    optim_case("rmsprop", 405, lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.99, eps=1e-8),
               {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "weightDecay": 0})
    optim_case("rmsprop_wd", 406, lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.05),
               {"lr": 0.01, "alpha": 0.9, "eps": 1e-6, "weightDecay": 0.05})


def schedule_case(case, config, make, steps):
    """Learning rate at steps 0..steps-1 (the rate each update uses), from a PyTorch scheduler."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=config.get("initialLr", config.get("maxLr")))
    sched = make(opt)
    lrs = []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    write("schedules", case, config, {"lr": torch.tensor(lrs)})


def schedules():
    S = torch.optim.lr_scheduler
    schedule_case("step_decay", {"initialLr": 0.1, "stepSize": 3, "gamma": 0.5},
                  lambda o: S.StepLR(o, step_size=3, gamma=0.5), 10)
    schedule_case("exponential_decay", {"initialLr": 0.1, "rate": 0.9},
                  lambda o: S.ExponentialLR(o, gamma=0.9), 10)
    schedule_case("cosine_decay", {"initialLr": 0.1, "totalSteps": 10, "minLr": 0.001},
                  lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001), 11)
    schedule_case("one_cycle", {"maxLr": 0.1, "totalSteps": 20, "pctStart": 0.3, "divFactor": 25, "finalDivFactor": 1e4},
                  lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=20, pct_start=0.3, div_factor=25,
                                         final_div_factor=1e4, anneal_strategy="cos", cycle_momentum=False), 20)


def main():
    dense_case("batch4", 100, 4, 5, 3)
    dense_case("batch1", 101, 1, 6, 4)

    conv2d_case("stride1_valid", 110, (2, 6, 6, 2), 3, (3, 3), 1, "valid", True)
    conv2d_case("stride2_pad1", 111, (2, 6, 6, 2), 4, (3, 3), 2, 1, True)
    conv2d_case("odd_7x5", 112, (1, 7, 5, 2), 3, (3, 2), 1, "valid", True)
    conv2d_case("same_stride1", 113, (2, 5, 5, 2), 3, (3, 3), 1, "same", True)
    conv2d_case("same_even_kernel", 114, (1, 5, 6, 2), 2, (2, 4), 1, "same", True)
    conv2d_case("no_bias_in3_out5", 115, (2, 5, 5, 3), 5, (2, 2), 1, "valid", False)

    pool_case("maxpool2d", "pool2_stride2", 120, (2, 4, 4, 3), 2, 2, "valid")
    pool_case("maxpool2d", "pool3_stride2_pad1", 121, (1, 7, 7, 2), 3, 2, 1)
    pool_case("avgpool2d", "pool2_stride2", 130, (2, 4, 4, 3), 2, 2, "valid")
    pool_case("avgpool2d", "pool3_stride2_pad1", 131, (1, 7, 7, 2), 3, 2, 1)

    batchnorm_case("training_flat", 140, (8, 4), True)
    batchnorm_case("training_image", 141, (2, 3, 3, 4), True)
    batchnorm_case("inference", 142, (6, 3), False)

    losses()
    optimizers()
    schedules()
    print(f"wrote fixtures under {os.path.normpath(ROOT)} with PyTorch {torch.__version__}")


if __name__ == "__main__":
    main()
