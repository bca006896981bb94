"""Mini-batches (each epoch's permutation, the batch of each step) and the bias
modes (frozen, none) of the phase machine."""

import numpy as np
import pytest

from backprop_gui.core import Trainer, load_preset
from backprop_gui.core.engine.batching import batch_indices


def test_minibatches_cover_each_epoch_once():
    seen = np.concatenate([batch_indices(s, 10, 3, 5) for s in range(1, 5)])
    assert sorted(seen.tolist()) == list(range(10))
    assert len(batch_indices(4, 10, 3, 5)) == 1  # the last, smaller batch
    in_order = [batch_indices(s, 10, 3, None).tolist() for s in (1, 2, 5)]
    assert in_order == [[0, 1, 2], [3, 4, 5], [0, 1, 2]]
    assert batch_indices(1, 10, None, None).tolist() == list(range(10))


def test_batches_are_the_epochs_permutation_in_any_order_of_asking():
    """Each epoch's order is computed once and kept (read-only): whatever order
    steps are asked in (a rewind goes back), a batch is the formula's."""
    rng = np.random.default_rng(0)
    for step in rng.integers(1, 60, 200):
        epoch, position = divmod(int(step) - 1, 4)  # 4 batches of <= 3 in 10
        order = np.random.default_rng([5, epoch]).permutation(10)
        got = batch_indices(int(step), 10, 3, 5)
        assert got.tolist() == order[position * 3 : position * 3 + 3].tolist()
        assert not got.flags.writeable
    with pytest.raises(ValueError):
        batch_indices(1, 10, None, 5)[0] = 3  # the kept order cannot be changed


def test_minibatch_trainer_uses_the_batch_of_its_step():
    session = load_preset("circles")
    session.batch_size, session.shuffle_seed = 16, 4
    trainer = Trainer(session)
    for step in (1, 2, 3):
        trainer.run_phase()
        np.testing.assert_array_equal(
            trainer.forward_result.samples, batch_indices(step, 200, 16, 4)
        )
        assert trainer.forward_result.a[0].shape == (16, 2)
        trainer.run_phase()
        trainer.run_phase()


def make_session(bias_mode, train_biases):
    from backprop_gui.core import InitSpec, NetworkSpec, Session

    spec = NetworkSpec([2, 3, 1], ["tanh", "sigmoid"], "bce", bias_mode, train_biases)
    init = InitSpec("uniform", seed=2, bias=0.1)
    return Session.create(spec, init, [[0, 1], [1, 0]], [[1], [0]], learning_rate=1.0)


def test_frozen_biases_do_not_move_but_get_gradients():
    trainer = Trainer(make_session("per_neuron", False))
    before = trainer.params.copy()
    trainer.run(3)
    for old, new, grad in zip(
        before.biases, trainer.params.biases, trainer.backward_result.db
    ):
        assert old.tobytes() == new.tobytes() and np.abs(grad).sum() > 0
    assert not np.array_equal(trainer.params.weights[0], before.weights[0])


def test_no_bias_mode_has_no_bias_at_all():
    trainer = Trainer(make_session("none", True))
    assert [b.size for b in trainer.params.biases] == [0, 0]
    trainer.run_phase()
    x = trainer.session.inputs
    w1, w2 = trainer.params.weights
    expected = 1 / (1 + np.exp(-(np.tanh(x @ w1) @ w2)))
    np.testing.assert_allclose(trainer.forward_result.a[2], expected, rtol=1e-14)
    with pytest.raises(ValueError, match="no biases"):
        trainer.set_bias(0, 0, 1.0)


def test_a_shown_sample_is_found_in_the_backward_pass_of_another_batch():
    """backward_position: where a sample of the latest forward pass sits in the
    latest backward pass's batch (the graph reads its delta there)."""
    from backprop_gui.core.debugger.data_edits import InsertSample
    from backprop_gui.core.debugger.debugger import Debugger

    session = load_preset("circles")
    session.batch_size, session.shuffle_seed = 64, 3
    debugger = Debugger(session)
    debugger.run(4)  # the last batch of epoch 1: 8 samples
    debugger.next_phase()  # forward of update 5: 64 samples of epoch 2
    trainer = debugger.trainer
    fwd, bwd = trainer.forward_result, trainer.backward_result
    before = bwd.forward.samples.tolist()
    for position, row in enumerate(fwd.samples.tolist()):
        expected = before.index(row) if row in before else None
        assert trainer.backward_position(position) == expected
    assert trainer.backward_position(64) is None
    assert trainer.backward_position(-1) is None
    # a sample added: rows of the passes before it may be other samples now
    x, y = session.inputs[0], session.targets[0]
    debugger.edit_data(InsertSample(0, tuple(x), tuple(y)))
    assert all(trainer.backward_position(p) is None for p in range(64))
