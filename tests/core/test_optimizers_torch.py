"""The optimizers against PyTorch's ``torch.optim`` in float64, when PyTorch is
installed (it is not a dependency: skipped otherwise).

The same networks, data and initial parameters are trained 100 updates by the
engine and by a ``torch.nn`` model with the matching optimizer; the penalty is
added to torch's loss by hand. PyTorch orders some operations differently (Adam's
``lerp`` for m, ``√v/√(1−β2^t)`` for √v̂), so the two agree to rounding, not
bitwise: 1e-12 relative on well-conditioned problems (smooth activations, no L1
kink, gradients away from exactly zero), as the issue asks.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_gui.core import Trainer
from backprop_gui.core.engine.optimizer_spec import (
    OPTIMIZERS,
    OptimizerSpec,
    Regularization,
)
from backprop_gui.core.engine.parameters import initialise
from backprop_gui.core.engine.session import Session
from backprop_gui.core.engine.spec import InitSpec, NetworkSpec

torch = pytest.importorskip("torch")

UPDATES = 100
ACTIVATIONS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "linear": lambda z: z}


def torch_optimizer(o: OptimizerSpec, lr: float, params):
    wd = o.weight_decay
    if o.name == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=wd)
    if o.name in ("momentum", "nesterov"):
        return torch.optim.SGD(
            params,
            lr=lr,
            momentum=o.momentum,
            nesterov=o.name == "nesterov",
            weight_decay=wd,
        )
    if o.name == "rmsprop":
        return torch.optim.RMSprop(
            params, lr=lr, alpha=o.alpha, eps=o.eps, weight_decay=wd
        )
    kind = torch.optim.Adam if o.name == "adam" else torch.optim.AdamW
    return kind(params, lr=lr, betas=o.betas, eps=o.eps, weight_decay=wd)


def train_with_torch(session: Session, updates: int):
    spec = session.spec
    weights = [
        torch.tensor(w, dtype=torch.float64, requires_grad=True)
        for w in session.params.weights
    ]
    biases = [
        torch.tensor(b, dtype=torch.float64, requires_grad=spec.train_biases)
        for b in session.params.biases
    ]
    trained = weights + (biases if spec.train_biases else [])
    optimizer = torch_optimizer(session.optimizer, session.learning_rate, trained)
    x = torch.tensor(session.inputs)
    y = torch.tensor(session.targets)
    r = session.regularization
    for _ in range(updates):
        optimizer.zero_grad()
        a = x
        for w, b, name in zip(weights, biases, spec.activations):
            a = ACTIVATIONS[name](a @ w + b)
        loss = torch.mean((y - a) ** 2)
        loss = loss + r.l2 / 2 * sum((w**2).sum() for w in weights)
        loss.backward()
        optimizer.step()
    return [w.detach().numpy() for w in weights], [b.detach().numpy() for b in biases]


@settings(max_examples=30, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    hidden=st.sampled_from(["sigmoid", "tanh"]),
    name=st.sampled_from(OPTIMIZERS),
    weight_decay=st.sampled_from([0.0, 0.01]),
    l2=st.sampled_from([0.0, 0.01]),
    train_biases=st.booleans(),
    seed=st.integers(0, 2**32),
)
def test_the_engine_agrees_with_torch_optim(
    sizes, hidden, name, weight_decay, l2, train_biases, seed
):
    spec = NetworkSpec(
        sizes,
        [hidden] * (len(sizes) - 2) + ["sigmoid"],
        "mse",
        "per_neuron",
        train_biases,
    )
    rng = np.random.default_rng(seed)
    session = Session(
        spec,
        initialise(spec, InitSpec("normal", seed, std=0.7, bias=0.1)),
        rng.normal(size=(6, sizes[0])),
        rng.uniform(size=(6, sizes[-1])),
        learning_rate=0.01,
        optimizer=OptimizerSpec(name, weight_decay=weight_decay),
        regularization=Regularization(l2=l2),
    )
    weights, biases = train_with_torch(session.copy(), UPDATES)
    trainer = Trainer(session)
    trainer.run(UPDATES)
    for ours, theirs in zip(
        [*trainer.params.weights, *trainer.params.biases], [*weights, *biases]
    ):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)
