"""The optimizers against PyTorch's ``torch.optim`` in float64, when PyTorch is
installed (it is not a dependency: skipped otherwise).

PyTorch orders some operations differently (Adam's ``lerp`` for m,
``√v/√(1−β2^t)`` for √v̂, ``((1−α)·g)·g`` for RMSprop), so the two agree to
rounding, not bitwise. Adaptive optimizers amplify rounding along a trajectory
(dividing by √v), so the checks are: every one of 100 updates along random
networks' trajectories from the same state, tightly (1e-14); and whole 100-update
trajectories, PyTorch computing its own passes, on a well-conditioned problem to
1e-12 of the parameters' scale.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from optimizer_sessions import session_for

from backprop_gui.core import Trainer
from backprop_gui.core.engine.optimizer_spec import (
    OPTIMIZERS,
    OptimizerSpec,
    Regularization,
)
from backprop_gui.core.engine.session import Session
from backprop_gui.core.engine.spec import NetworkSpec

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


def torch_state(o: OptimizerSpec, state) -> dict:
    """Our optimizer state as ``torch.optim``'s state of one flat parameter."""
    if state.count == 0:
        return {}  # torch starts it itself, as we do
    step = torch.tensor(float(state.count))
    buffers = {k: torch.tensor(v.copy()) for k, v in state.buffers.items()}
    if o.name in ("momentum", "nesterov"):
        return {"momentum_buffer": buffers["velocity"]}
    if o.name == "rmsprop":
        return {"step": step, "square_avg": buffers["v"]}
    if o.name in ("adam", "adamw"):
        return {"step": step, "exp_avg": buffers["m"], "exp_avg_sq": buffers["v"]}
    return {}


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    hidden=st.sampled_from(["sigmoid", "tanh"]),
    name=st.sampled_from(OPTIMIZERS),
    weight_decay=st.sampled_from([0.0, 0.01, 0.5]),
    train_biases=st.booleans(),
    seed=st.integers(0, 2**32),
)
def test_every_update_of_a_trajectory_agrees_with_torch_optim(
    sizes, hidden, name, weight_decay, train_biases, seed
):
    """One update from the same state, 100 times along the engine's own
    trajectory: torch gets our parameters, gradient and optimizer state, steps
    once, and must land where we did. No rounding is carried from one update to
    the next, so the agreement is tight for every optimizer."""
    spec = NetworkSpec(
        sizes, [hidden] * (len(sizes) - 2) + ["sigmoid"], "mse", "per_neuron",
        train_biases,
    )  # fmt: skip
    o = OptimizerSpec(name, weight_decay=weight_decay)
    session = session_for(spec, seed, o, Regularization(), lr=0.01, samples=6)
    trainer = Trainer(session)
    n = spec.trained_count()
    for _ in range(UPDATES):
        trainer.run_phase()
        trainer.run_phase()
        theta = trainer.params.flat[:n].copy()
        state = trainer.session.optimizer_state.copy()
        g = trainer.backward_result.flat[:n].copy()
        trainer.run_phase()
        p = torch.tensor(theta, requires_grad=True)
        optimizer = torch_optimizer(o, session.learning_rate, [p])
        optimizer.state[p] = torch_state(o, state)
        p.grad = torch.tensor(g)
        optimizer.step()
        ours = trainer.params.flat[:n]
        scale = max(np.abs(theta).max(), 1e-300)
        np.testing.assert_allclose(
            ours, p.detach().numpy(), rtol=1e-14, atol=4e-16 * scale
        )


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(OPTIMIZERS),
    weight_decay=st.sampled_from([0.0, 0.01]),
    l2=st.sampled_from([0.0, 0.01]),
    seed=st.integers(0, 2**32),
)
def test_a_well_conditioned_trajectory_agrees_with_torch_optim(
    name, weight_decay, l2, seed
):
    """100 updates each, PyTorch computing its own forward and backward passes,
    on a well-conditioned problem (linear regression: a convex loss, gradients
    that shrink smoothly): rounding differences do not grow, so the two
    trajectories agree to 1e-12 of the parameters' scale."""
    spec = NetworkSpec([3, 1], ["linear"], "mse", "per_neuron")
    o = OptimizerSpec(name, weight_decay=weight_decay)
    session = session_for(spec, seed, o, Regularization(l2=l2), lr=0.01, samples=6)
    weights, biases = train_with_torch(session.copy(), UPDATES)
    trainer = Trainer(session)
    trainer.run(UPDATES)
    theirs = np.concatenate([np.ravel(a) for a in [*weights, *biases]])
    scale = np.abs(theirs).max()
    np.testing.assert_allclose(
        trainer.params.flat, theirs, rtol=1e-12, atol=1e-12 * scale
    )
