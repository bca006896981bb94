"""The optimizer presets do what their descriptions say, number for number."""

from __future__ import annotations

from backprop_gui.core import Trainer, load_preset
from backprop_gui.core.engine.optimizer_spec import OptimizerSpec


def first_update_below(trainer: Trainer, target: float, limit: int) -> int | None:
    """The update whose forward pass first gives a loss below ``target``."""
    for update in range(1, limit + 1):
        trainer.step_update()
        if trainer.forward_result.loss < target:
            return update
    return None


def test_adam_xor_beats_the_xor_preset_as_described():
    adam = Trainer(load_preset("adam-xor"))
    assert adam.session.optimizer == OptimizerSpec("adam")
    assert adam.session.learning_rate == 0.05
    assert first_update_below(adam, 0.05, 1000) == 48
    assert first_update_below(Trainer(load_preset("xor")), 0.05, 1000) == 74
    assert "48 updates" in adam.session.description
    assert "74" in adam.session.description


def test_momentum_spirals_beats_plain_sgd_at_the_same_rate_as_described():
    session = load_preset("momentum-spirals")
    assert session.optimizer == OptimizerSpec("momentum", momentum=0.9)
    update = first_update_below(Trainer(session.copy()), 0.1, 4000)
    assert 3040 <= update <= 3100  # "about 3,070"
    plain = Trainer(session)
    plain.set_optimizer(OptimizerSpec())
    assert first_update_below(plain, 0.1, 8000) is None
