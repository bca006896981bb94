"""The app's own settings in QSettings (not the session's): the rewind memory
budget, the checkpoint interval and the autosave interval. A value that is missing
or not a positive number reads as its default."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from ..core.debugger.debugger import DEFAULT_BUDGET, DEFAULT_EVERY
from .autosave import DEFAULT_SECONDS

BUDGET_MB, EVERY, AUTOSAVE_SECONDS = (
    "rewind/budgetMB",
    "rewind/every",
    "autosave/seconds",
)


@dataclass(frozen=True)
class AppSettings:
    budget_mb: float
    every: int
    autosave_seconds: float

    @property
    def budget_bytes(self) -> int:
        return int(self.budget_mb * 2**20)


def read_app_settings(settings: QSettings) -> AppSettings:
    return AppSettings(
        _positive(settings, BUDGET_MB, DEFAULT_BUDGET / 2**20),
        int(_positive(settings, EVERY, DEFAULT_EVERY)),
        _positive(settings, AUTOSAVE_SECONDS, DEFAULT_SECONDS),
    )


def write_app_settings(settings: QSettings, values: AppSettings) -> None:
    settings.setValue(BUDGET_MB, values.budget_mb)
    settings.setValue(EVERY, values.every)
    settings.setValue(AUTOSAVE_SECONDS, values.autosave_seconds)


def _positive(settings: QSettings, key: str, default: float) -> float:
    """A positive number from the settings, or ``default`` for anything else."""
    try:
        value = float(settings.value(key, default))
    except (TypeError, ValueError):
        return float(default)
    return value if 0 < value < float("inf") else float(default)
