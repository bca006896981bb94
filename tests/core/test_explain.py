"""Explanations show exactly the engine's numbers: the factors they print multiply
back to the engine's gradient, for random networks (hypothesis)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_gui.core import InitSpec, NetworkSpec, Session, Trainer, load_preset
from backprop_gui.core.debugger.explain import explain


def test_mazur_w5_matches_the_worked_example():
    trainer = Trainer(load_preset("mazur"))
    trainer.run_phase()
    trainer.run_phase()
    e = explain(trainer, ("dW", 1, 0, 0))
    assert e.lines[1] == "      = 0.138498561629 × 0.593269992107"
    assert e.lines[2] == "      = 0.0821670405642"
    assert e.value == trainer.backward_result.dW[1][0, 0]
    assert ("delta", 2, 0, 0) in [key for _label, key in e.links]
    hidden = explain(trainer, ("delta", 1, 0, 0))
    assert (
        hidden.lines[-1] == "δ_j = 0.0363503063931 × 0.241300708572 = 0.00877135468949"
    )
    shared = explain(trainer, ("db", 1, 0))  # the shared bias: sum of both deltas
    assert shared.value == trainer.backward_result.db[1][0]
    assert shared.lines[1] == "      = 0.138498561629 + -0.0380982365166"


@st.composite
def trained(draw):
    hidden = draw(st.sampled_from(["sigmoid", "tanh", "relu", "leaky_relu", "linear"]))
    loss, output = draw(
        st.sampled_from(
            [
                ("half_sse", "sigmoid"),
                ("mse", "tanh"),
                ("mse", "linear"),
                ("bce", "sigmoid"),
                ("cross_entropy", "softmax"),
            ]
        )
    )
    n_in, n_hidden = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    n_out = draw(st.integers(2 if output == "softmax" else 1, 3))
    spec = NetworkSpec(
        [n_in, n_hidden, n_out],
        [hidden, output],
        loss,
        draw(st.sampled_from(["per_neuron", "shared", "none"])),
    )
    seed = draw(st.integers(0, 1000))
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(1, n_in))
    y = np.eye(n_out)[[0]] if loss == "cross_entropy" else rng.uniform(0, 1, (1, n_out))
    trainer = Trainer(Session.create(spec, InitSpec("normal", seed, std=0.8), x, y))
    trainer.run_phase()
    trainer.run_phase()
    return trainer


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trained())
def test_every_explanation_multiplies_back_to_the_engine(trainer):
    fwd, bwd = trainer.forward_result, trainer.backward_result
    spec = trainer.session.spec
    for l, dw in enumerate(bwd.dW):
        for (i, j), value in np.ndenumerate(dw):
            e = explain(trainer, ("dW", l, i, j))
            assert e.value == value
            # batch of one: the two factors shown multiply to the engine's number
            assert bwd.delta[l + 1][0, j] * fwd.a[l][0, i] == value
            assert e.lines[-1].strip() == f"= {value:.12g}"
    for layer in range(1, spec.depth + 1):
        for n in range(spec.layers[layer]):
            e = explain(trainer, ("delta", layer, n, 0))
            assert e.value == bwd.delta[layer][0, n]
            assert e.lines[-1].endswith(f"{e.value:.12g}")
            activation = spec.activation_functions[layer - 1]
            if layer < spec.depth or (
                spec.loss in ("mse", "half_sse") and activation.elementwise
            ):
                # the product of the two printed factors is the engine's delta
                left, right = e.lines[-1].split("=")[1].split("×")
                assert float(left) * float(right) == pytest.approx(e.value, rel=1e-11)
            a = explain(trainer, ("a", layer, n, 0))
            assert a.value == fwd.a[layer][0, n]


def _product(line: str) -> tuple[float, float]:
    """The factors of a line ``… = left × right``."""
    left, right = line.split("=")[-1].split("×")
    return float(left), float(right)


def test_after_an_update_the_weights_the_passes_used_are_shown():
    trainer = Trainer(load_preset("mazur"))
    trainer.step_update()
    e = explain(trainer, ("delta", 1, 0, 0))  # uses the weights before the update
    assert "0.4 × 0.138498561629" in e.lines[1]
    assert e.stale.startswith("stale")  # the parameters changed since
    trainer.set_weight(0, 0, 0, 1.0)  # the pre-update weights still exist
    assert explain(trainer, ("delta", 1, 0, 0)).lines == e.lines
    fresh = Trainer(load_preset("mazur"))
    with pytest.raises(ValueError, match="forward pass first"):
        explain(fresh, ("a", 1, 0, 0))


def test_weights_edited_after_their_passes_are_not_paired_with_them():
    trainer = Trainer(load_preset("mazur"))
    trainer.run_phase()
    trainer.run_phase()  # forward and backward of update 1
    trainer.set_weight(1, 0, 0, 1.0)  # the weights they used are gone
    with pytest.raises(ValueError, match="edited since"):
        explain(trainer, ("delta", 1, 0, 0))
    e = explain(trainer, ("dW", 1, 0, 0))  # needs no weights: still true, stale
    assert e.stale and e.value == trainer.backward_result.dW[1][0, 0]


def test_a_gradient_is_never_paired_with_a_newer_forward_pass():
    """Issue 13, defect 2: Reset, Step, Next phase; the old delta was multiplied
    by the new activation on screen, and the product was false."""
    trainer = Trainer(load_preset("mazur"))
    trainer.step_update()
    bwd = trainer.backward_result
    trainer.run_phase()  # the forward of update 2
    e = explain(trainer, ("dW", 1, 0, 0))
    left, right = _product(e.lines[1])  # shown to 12 significant digits
    shown = float(e.lines[2].split("=")[-1])
    assert left * right == pytest.approx(shown, rel=1e-11)  # true arithmetic
    assert e.value == bwd.dW[1][0, 0]
    assert right == pytest.approx(bwd.forward.a[1][0, 0], rel=1e-12)
    assert right != pytest.approx(trainer.forward_result.a[1][0, 0], rel=1e-6)
    assert "forward pass has run again" in e.stale
    trainer.run_phase()  # backward of update 2: current again
    assert explain(trainer, ("dW", 1, 0, 0)).stale == ""


def test_a_weight_gradient_over_a_large_batch_links_a_few_samples():
    """Found in review: a digits full batch (over 1,400 training samples) gave
    2,874 links, one δ and one a per sample; everywhere else caps at 12."""
    session = load_preset("digits")
    session.batch_size = session.shuffle_seed = None
    trainer = Trainer(session)
    trainer.run_phase()
    trainer.run_phase()
    found = explain(trainer, ("dW", 0, 20, 3))
    assert len(found.links) == 12
    assert found.links[0] == ("δ of hidden 1 neuron 4, sample 1", ("delta", 1, 3, 0))
    assert found.links[6] == ("a of input 21, sample 1", ("a", 0, 20, 0))
    samples = len(trainer.forward_result.samples)
    assert samples > 1000 and f"({samples - 4} more)" in found.lines[1]


@pytest.mark.parametrize(
    "preset, loss",
    [
        ("mazur", "half_sse"),
        ("mazur", "mse"),
        ("xor", "bce"),
        ("iris", "cross_entropy"),
    ],
)
def test_the_loss_explanation_gives_sample_1s_share(preset, loss):
    """Sample 1's line against a computation of its own: the squared errors,
    the binary or the categorical cross-entropy of its outputs."""
    from dataclasses import replace

    session = load_preset(preset)
    session.spec = replace(session.spec, loss=loss)
    trainer = Trainer(session)
    trainer.run_phase()
    a, y = trainer.forward_result.a[-1][0], trainer.forward_result.y[0]
    expected = {
        "half_sse": 0.5 * np.sum((y - a) ** 2),
        "mse": np.sum((y - a) ** 2),
        "bce": -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)),
        "cross_entropy": -np.sum(y * np.log(a)),
    }[loss]
    line = next(
        t for t in explain(trainer, ("loss",)).lines if t.startswith("sample 1")
    )
    shown = float(line.rsplit("= ", 1)[1])
    assert shown == pytest.approx(expected, rel=1e-10), line


def test_a_sample_past_the_batch_is_named_not_called_a_missing_neuron():
    """Found in a real-window trial: Explain of sample 4 after a rewind to a
    batch of 2 said "this network has no such neuron or parameter"."""
    session = load_preset("blobs")
    session.batch_size, session.shuffle_seed = 4, 7
    trainer = Trainer(session)
    for _ in range(37):  # update 38 is the last, 2-sample batch of epoch 1
        trainer.step_update()
    trainer.run_phase()
    trainer.run_phase()
    assert len(trainer.forward_result.samples) == 2
    for key in (("delta", 2, 0, 3), ("a", 1, 0, 3)):
        with pytest.raises(
            ValueError, match="^sample 4 is not in this batch: it has 2 samples$"
        ):
            explain(trainer, key)
    with pytest.raises(ValueError, match="no such neuron"):
        explain(trainer, ("delta", 2, 9, 0))


def test_a_mini_batch_sample_is_named_as_the_graph_names_it():
    """Found in review: Explain said "sample 5" (its place in the batch) where
    the graph said "batch sample 5 = dataset row 37"."""
    session = load_preset("blobs")
    session.batch_size, session.shuffle_seed = 4, 7
    trainer = Trainer(session)
    trainer.run_phase()
    trainer.run_phase()
    row = int(trainer.forward_result.samples[1])
    assert row != 1
    title = explain(trainer, ("delta", 2, 0, 1)).title
    assert (
        title == f"δ = dL/dz of output neuron 1, batch sample 2 = dataset row {row + 1}"
    )
    full = Trainer(load_preset("mazur"))
    full.run_phase()
    assert explain(full, ("a", 1, 0, 0)).title == "a of hidden 1 neuron 1, sample 1"
