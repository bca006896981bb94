"""Sessions for the optimizer tests: a random dataset on a given network, trained
with a given optimizer and penalty."""

import numpy as np

from backprop_gui.core import Trainer
from backprop_gui.core.engine.optimizer_spec import OptimizerSpec, Regularization
from backprop_gui.core.engine.parameters import initialise
from backprop_gui.core.engine.session import Session
from backprop_gui.core.engine.spec import InitSpec, NetworkSpec


def session_for(spec, seed, optimizer, regularization, lr=0.05, samples=5):
    rng = np.random.default_rng(seed)
    inputs = rng.normal(size=(samples, spec.layers[0]))
    targets = rng.uniform(size=(samples, spec.layers[-1]))
    return Session(
        spec,
        initialise(spec, InitSpec("normal", seed, std=0.7, bias=0.1)),
        inputs,
        targets,
        learning_rate=lr,
        optimizer=optimizer,
        regularization=regularization,
    )


def adam_trainer(**options):
    spec = NetworkSpec([2, 3, 1], ["tanh", "sigmoid"], "mse")
    return Trainer(
        session_for(spec, 4, OptimizerSpec("adam", **options), Regularization())
    )
