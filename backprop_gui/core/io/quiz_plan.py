"""A quiz's question plan, as a teacher sets it and a session file keeps it.

::

    "quiz": {"kinds": ["activation", "loss", "output_delta"], "per_phase": 2,
             "digits": 3, "seed": 0}

``kinds`` are the quantities asked (see :data:`KINDS`); ``per_phase`` how many
questions each phase asks at most, drawn at random from its quantities of those
kinds (0: every one, up to :data:`MAX_PER_PHASE`); an answer is right when it
agrees with the true value to ``digits`` significant digits; ``seed`` makes the
draw repeatable, so every student of a saved quiz gets the same questions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

#: What a quiz can ask, and the phase that computes it.
KINDS = {
    "activation": "forward",
    "loss": "forward",
    "output_delta": "backward",
    "hidden_delta": "backward",
    "gradient": "backward",
    "updated_weight": "update",
}
KIND_TITLES = {
    "activation": "activations a",
    "loss": "the loss",
    "output_delta": "output δ",
    "hidden_delta": "hidden δ",
    "gradient": "gradients dL/dw, dL/db",
    "updated_weight": "updated weights and biases",
}
#: The most questions one phase asks (a form of more fields is no quiz).
MAX_PER_PHASE = 12
#: The largest seed (what the app's seed box holds).
MAX_SEED = 2**31 - 1
KEYS = {"kinds", "per_phase", "digits", "seed"}


@dataclass(frozen=True)
class QuizPlan:
    kinds: tuple[str, ...] = ("activation", "loss", "output_delta", "gradient")
    per_phase: int = 2
    digits: int = 3
    seed: int = 0

    def __post_init__(self) -> None:
        kinds = tuple(self.kinds)
        unknown = [k for k in kinds if k not in KINDS]
        if unknown or not kinds:
            raise ValueError(
                f"kinds must be some of {', '.join(KINDS)}"
                + (f", not {json.dumps(unknown[0])}" if unknown else "")
            )
        object.__setattr__(self, "kinds", tuple(dict.fromkeys(kinds)))
        for name, low, high in (
            ("per_phase", 0, MAX_PER_PHASE),
            ("digits", 1, 15),
            ("seed", 0, MAX_SEED),
        ):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not low <= value <= high
            ):
                raise ValueError(
                    f"{name} must be a whole number from {low} to {high:,}, "
                    f"not {json.dumps(value)}"
                )

    def to_dict(self) -> dict:
        return {
            "kinds": list(self.kinds),
            "per_phase": self.per_phase,
            "digits": self.digits,
            "seed": self.seed,
        }


def plan_from_dict(data, check_keys) -> QuizPlan:
    """A plan from a session file's ``"quiz"`` object (``check_keys``: the
    session reader's look-alike key check)."""
    if not isinstance(data, dict):
        raise ValueError('"quiz" must be an object such as {"kinds": ["loss"]}')
    check_keys(data, KEYS, '"quiz"')
    kinds = data.get("kinds", list(QuizPlan.kinds))
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        raise ValueError('"quiz" > "kinds" must be a list of names')
    try:
        return QuizPlan(
            tuple(kinds),
            data.get("per_phase", QuizPlan.per_phase),
            data.get("digits", QuizPlan.digits),
            data.get("seed", QuizPlan.seed),
        )
    except (ValueError, TypeError) as exc:
        raise ValueError(f'"quiz" > {exc}') from None
