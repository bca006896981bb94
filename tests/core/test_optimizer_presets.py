"""The optimizer presets do what their descriptions say, number for number."""

from __future__ import annotations

from backprop_gui.core import Trainer, load_preset
from backprop_gui.core.engine.optimizer_spec import OptimizerSpec


def updates_until_below(trainer: Trainer, target: float, limit: int) -> int | None:
    """How many updates it takes until the loss is below ``target`` (the loss of
    the parameters after them, as the next forward pass computes it)."""
    for done in range(limit + 1):
        if trainer.current_loss() < target:
            return done
        trainer.step_update()
    return None


def test_adam_xor_beats_the_xor_preset_as_described():
    adam = Trainer(load_preset("adam-xor"))
    assert adam.session.optimizer == OptimizerSpec("adam")
    assert adam.session.learning_rate == 0.05
    assert updates_until_below(adam, 0.05, 1000) == 47
    assert updates_until_below(Trainer(load_preset("xor")), 0.05, 1000) == 73
    assert "after 47 updates" in adam.session.description
    assert "needs 73" in adam.session.description


def test_momentum_spirals_beats_plain_sgd_at_the_same_rate_as_described():
    session = load_preset("momentum-spirals")
    assert session.optimizer == OptimizerSpec("momentum", momentum=0.9)
    update = updates_until_below(Trainer(session.copy()), 0.1, 4000)
    assert 3040 <= update <= 3100  # "about 3,070"
    assert "about 3,070 updates" in session.description
    plain = Trainer(session)
    plain.set_optimizer(OptimizerSpec())
    assert updates_until_below(plain, 0.1, 8000) is None
