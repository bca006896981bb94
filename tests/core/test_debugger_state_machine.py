"""The debugger session object as a state machine, without Qt: any sequence of
user commands (phases, runs, rewinds, reset, edits of parameters, settings and
data, undo of data edits, save and load) leaves a state that

- a replay of the journal from the initial state reproduces bitwise,
- a rewind returns to bitwise as it was when that point was first reached,
  metrics included (a rewind showed NaN where the way forward had numbers),
- has metrics equal to those a straight replay records (loss, its parts,
  gradient norms, accuracies, validation scores), and
- saved and loaded, continues bitwise as the original does.

``BACKPROP_GUI_HYPOTHESIS=thorough`` runs many more sequences."""

from __future__ import annotations

import os

import numpy as np
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from state_machine_profiles import profile

from backprop_gui.core import load_preset, load_session
from backprop_gui.core.debugger.data_edits import (
    InsertSample,
    RemoveSample,
    SetValue,
)
from backprop_gui.core.debugger.debugger import Debugger
from backprop_gui.core.debugger.metrics import MetricsHistory
from backprop_gui.core.engine.keys import ParameterKey
from backprop_gui.core.engine.optimizer_spec import OptimizerSpec, Regularization
from backprop_gui.core.engine.validation_split import ValidationSplit

PRESETS = ("xor", "mazur", "iris", "blobs")
OPTIMIZERS = (
    OptimizerSpec(),
    OptimizerSpec("momentum"),
    OptimizerSpec("adam"),
    OptimizerSpec("rmsprop"),
)
PENALTIES = (Regularization(), Regularization(l2=0.1), Regularization(0.01, 0.02))
METRICS = (
    "steps",
    "loss",
    "data_loss",
    "penalty",
    "grad_norms",
    "batch_accuracy",
    "validation_loss",
    "validation_accuracy",
)


def _bytes(array) -> tuple | None:
    return None if array is None else (array.shape, np.asarray(array).tobytes())


def state_of(trainer) -> dict:
    """Every number of a trainer's state, as bytes (bitwise, NaN and -0 too)."""
    s, fwd, bwd = trainer.session, trainer.forward_result, trainer.backward_result
    state = s.optimizer_state
    return {
        "params": [_bytes(a) for a in s.params.weights + s.params.biases],
        "optimizer": (s.optimizer, state.count, state.name),
        "buffers": {k: _bytes(v) for k, v in state.buffers.items()},
        "settings": (s.step, s.learning_rate, s.batch_size, s.shuffle_seed),
        "split": (s.validation, s.regularization),
        "data": (_bytes(s.inputs), _bytes(s.targets), s.classes),
        "phase": (
            trainer.forward_valid,
            trainer.backward_valid,
            trainer.next_phase,
            trainer.last_phase,
            # the rows of the latest pass are still the samples (views hide
            # its outputs otherwise; a rewind onto a checkpoint got this wrong)
            fwd is None or fwd.revision >= trainer.rows_revision,
        ),
        "forward": None if fwd is None else [_bytes(a) for a in fwd.a],
        "backward": None if bwd is None else _bytes(bwd.flat),
    }


def metrics_of(history) -> dict:
    return {name: _bytes(getattr(history, name)) for name in METRICS}


class DebuggerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.debugger = None

    @rule(name=st.sampled_from(PRESETS), every=st.sampled_from([1, 3, 200]))
    def open_preset(self, name, every):
        self.debugger = Debugger(load_preset(name), rewind_every=every)
        self.undo: list = []
        #: phases run -> (state, metrics) there, with the edits made before the
        #: next phase (what a rewind to it restores)
        self.seen: dict = {}

    def _ready(self) -> bool:
        return self.debugger is not None

    # ------------------------------------------------------------ training
    @precondition(_ready)
    @rule(phases=st.integers(1, 4))
    def next_phase(self, phases):
        for _ in range(phases):
            self.debugger.next_phase()

    @precondition(_ready)
    @rule(updates=st.integers(1, 12))
    def run(self, updates):
        self.debugger.start_run()
        self.debugger.run(updates)

    @precondition(_ready)
    @rule()
    def reset(self):
        self.debugger.reset()
        self.undo.clear()
        self.seen.clear()

    @precondition(_ready)
    @rule(how=st.sampled_from(["phase", "update", "step"]), where=st.floats(0, 1))
    def go_back(self, how, where):
        d = self.debugger
        if how == "phase":
            d.back_one_phase()
        elif how == "update":
            d.back_one_update()
        else:
            first, last = d.history_steps()
            d.rewind_to_step(first + round(where * (last - first)))
        position = d.journal.phase_count
        before = self.seen.get(position)
        if before is not None:  # as it was when first reached, metrics too
            assert state_of(d.trainer) == before[0]
            assert metrics_of(d.metrics) == before[1]
        self.seen = {p: v for p, v in self.seen.items() if p <= position}

    # --------------------------------------------------------------- edits
    @precondition(_ready)
    @rule(where=st.floats(0, 1), value=st.sampled_from([0.0, -0.0, 0.3, -2.5]))
    def set_parameter(self, where, value):
        params = self.debugger.session.params
        key = params.key_at(round(where * (params.flat.size - 1)))
        try:
            self.debugger.set_parameter(key, value)
        except ValueError:  # a bias the network does not train: refused
            pass

    @precondition(_ready)
    @rule(
        lr=st.sampled_from([0.0, 0.05, 0.5]),
        optimizer=st.sampled_from(OPTIMIZERS),
        penalty=st.sampled_from(PENALTIES),
    )
    def change_settings(self, lr, optimizer, penalty):
        d = self.debugger
        d.set_learning_rate(lr)
        d.set_optimizer(optimizer)
        d.set_regularization(penalty)

    @precondition(_ready)
    @rule(
        split=st.sampled_from([None, (0.2, 0), (0.5, 3)]),
        batch=st.sampled_from([None, 1, 2, 7]),
        seed=st.sampled_from([None, 0, 7]),
    )
    def change_batching(self, split, batch, seed):
        d = self.debugger
        try:
            d.set_validation(None if split is None else ValidationSplit(*split))
        except ValueError:  # too few samples for it: refused
            pass
        d.set_batching(batch, seed)

    @precondition(_ready)
    @rule(what=st.sampled_from(["value", "insert", "remove"]), where=st.floats(0, 1))
    def edit_data(self, what, where):
        s = self.debugger.session
        row = round(where * (s.n_samples - 1))
        if what == "value":
            edit = SetValue(row, 0, float(s.inputs[row, 0]) + 0.25)
        elif what == "insert":
            x, y = tuple(map(float, s.inputs[row])), tuple(map(float, s.targets[row]))
            edit = InsertSample(s.n_samples, x, y)
        elif s.n_samples > 4:
            edit = RemoveSample(row)
        else:
            return
        try:
            self.undo.append(self.debugger.edit_data(edit))
        except ValueError:  # refused (a split left without training rows)
            pass

    @precondition(lambda self: self._ready() and self.undo)
    @rule()
    def undo_data_edit(self):
        try:
            self.debugger.edit_data(self.undo.pop())
        except (ValueError, IndexError):  # made on other data (after a rewind)
            pass

    @precondition(_ready)
    @rule(updates=st.integers(1, 4))
    def save_load_and_continue(self, updates):
        d = self.debugger
        path = os.path.join(self.folder, "session.json")
        try:
            d.save(path)
        except ValueError:  # not saveable (not finite), said so
            return
        loaded = Debugger(load_session(path))
        original = d.journal.replay()  # a copy to continue, leaving d as it is
        for trainer in (original, loaded.trainer):
            trainer.run(updates)
        a, b = state_of(original), state_of(loaded.trainer)
        assert (a["params"], a["buffers"], a["settings"]) == (
            b["params"],
            b["buffers"],
            b["settings"],
        )

    # ---------------------------------------------------------- invariants
    @invariant()
    def a_replay_is_the_state_bitwise(self):
        if not self._ready():
            return
        d = self.debugger
        fresh = MetricsHistory(d.journal.initial.spec.depth, d.metrics.capacity)
        replayed = d.journal.replay(observers=[fresh])
        state = state_of(d.trainer)
        assert state_of(replayed) == state
        if d.metrics.stride == 1:  # no points merged: every update's own
            assert metrics_of(fresh) == metrics_of(d.metrics)
        self.seen[d.journal.phase_count] = state, metrics_of(d.metrics)


def test_the_debugger_as_a_state_machine(tmp_path):
    DebuggerMachine.folder = str(tmp_path)
    run_state_machine_as_test(DebuggerMachine, settings=profile(25, 30, 1500))


def test_a_forward_again_on_new_data_scores_as_a_rewind_to_it_does():
    """Found by a hostile probe: after a sample was added, the forward pass of
    the update under way kept the validation score measured on the old data
    (and NaN once rewound to the same point)."""
    d = Debugger(load_preset("xor"))
    d.set_batching(1, None)
    d.set_validation(ValidationSplit(0.5, 0))  # 2 training samples: 2 per epoch
    d.run(2)
    d.next_phase()  # update 3's forward: an epoch ends, validation scored
    assert np.isfinite(d.metrics.validation_loss[-1])
    d.edit_data(InsertSample(4, (0.5, 0.5), (1.0,)))  # 3 training samples
    d.next_phase()  # the forward again: no epoch ends at step 2 of 3
    assert np.isnan(d.metrics.validation_loss[-1])
    d.next_phase()
    d.back_one_phase()
    assert np.isnan(d.metrics.validation_loss[-1])


def test_a_rewind_keeps_the_norms_of_a_stale_backward_pass():
    """Found by a hostile probe: going back to a backward pass made stale by an
    edit dropped its gradient norms from the history."""
    d = Debugger(load_preset("mazur"))
    d.next_phase()
    d.next_phase()
    d.set_parameter(ParameterKey.weight(0, 0, 0), 0.3)
    norms = d.metrics.grad_norms.copy()
    assert np.isfinite(norms).all()
    d.next_phase()  # the forward again: its backward has not run
    assert np.isnan(d.metrics.grad_norms).all()
    d.back_one_phase()
    np.testing.assert_array_equal(d.metrics.grad_norms, norms)
