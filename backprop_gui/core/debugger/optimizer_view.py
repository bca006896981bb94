"""The optimizer's numbers per parameter, as views show them: its buffers, and for
Adam and AdamW the bias-corrected moments and the step they give."""

from __future__ import annotations

from ..engine.optimizer_spec import OptimizerSpec
from ..engine.optimizers import adam_terms
from ..engine.parameters import BufferViews, buffer_views

#: Quantities derived from Adam's buffers: m̂, v̂ and the move −lr·m̂/(√v̂ + ε).
DERIVED = ("m_hat", "v_hat", "step")


def quantity_names(optimizer: OptimizerSpec) -> tuple[str, ...]:
    """The buffers of ``optimizer``, then (Adam, AdamW) the derived quantities."""
    if optimizer.name in ("adam", "adamw"):
        return (*optimizer.buffers, *DERIVED)
    return optimizer.buffers


def optimizer_quantities(session) -> dict[str, BufferViews]:
    """Each of :func:`quantity_names` for ``session``'s current state, laid out as
    weights and biases (read one entry with ``key.read(views)``). The derived
    ones use the session's current learning rate and betas: right after an
    update they are that update's (the move before AdamW's decay)."""
    arrays = dict(session.optimizer_state.buffers)
    if session.optimizer.name in ("adam", "adamw"):
        terms = adam_terms(
            session.optimizer, session.learning_rate, session.optimizer_state
        )
        m_hat, v_hat, step = terms
        arrays.update(m_hat=m_hat, v_hat=v_hat, step=-step)  # signed as a move
    return {name: buffer_views(array, session.spec) for name, array in arrays.items()}
