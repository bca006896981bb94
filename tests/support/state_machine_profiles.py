"""Hypothesis settings of the state machines: a short derandomized run by
default, many sequences with ``BACKPROP_GUI_HYPOTHESIS=thorough``."""

import os

from hypothesis import HealthCheck, settings


def profile(
    default_examples: int, default_steps: int, thorough_examples: int, **thorough
):
    """The settings ``BACKPROP_GUI_HYPOTHESIS`` asks for (``default`` or
    ``thorough``); ``thorough`` takes extra settings (phases, say)."""
    common = dict(deadline=None, suppress_health_check=list(HealthCheck))
    profiles = {
        "default": settings(
            max_examples=default_examples,
            stateful_step_count=default_steps,
            derandomize=True,
            **common,
        ),
        "thorough": settings(
            max_examples=thorough_examples,
            stateful_step_count=60,
            **common,
            **thorough,
        ),
    }
    return profiles[os.environ.get("BACKPROP_GUI_HYPOTHESIS", "default")]
