"""The app's own settings in QSettings (not the session's): the rewind memory
budget, the checkpoint interval and the autosave interval, plus helpers that read
any stored value defensively.

The settings file is the user's to edit, and can be damaged: a value that is
missing reads as its default silently; a value that is present but unusable
(``abc``, ``nan``, ``inf``, ``0``, a fraction where a whole number belongs, a
number outside its accepted range, :data:`RANGES`) reads as its default too, and
the problem is reported once so the window can say so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QByteArray, QSettings

from ..core.debugger.debugger import DEFAULT_BUDGET, DEFAULT_EVERY
from .autosave import DEFAULT_SECONDS

BUDGET_MB, EVERY, AUTOSAVE_SECONDS = (
    "rewind/budgetMB",
    "rewind/every",
    "autosave/seconds",
)
#: Accepted ranges. The Settings dialog offers whole numbers within them (for the
#: autosave interval 1 to 3600 s; a hand-set 0.5 s or 2 h is kept until the
#: dialog stores its own value).
RANGES = {
    BUDGET_MB: (1, 16_384),
    EVERY: (1, 1_000_000),
    AUTOSAVE_SECONDS: (0.05, 86_400),
}


@dataclass(frozen=True)
class AppSettings:
    budget_mb: float
    every: int
    autosave_seconds: float
    #: What was wrong in the stored settings (each replaced by its default).
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def budget_bytes(self) -> int:
        return int(self.budget_mb * 2**20)


def read_app_settings(settings: QSettings) -> AppSettings:
    problems: list[str] = []
    return AppSettings(
        _number(settings, BUDGET_MB, DEFAULT_BUDGET / 2**20, problems),
        int(_number(settings, EVERY, DEFAULT_EVERY, problems, whole=True)),
        _number(settings, AUTOSAVE_SECONDS, DEFAULT_SECONDS, problems),
        tuple(problems),
    )


def write_app_settings(settings: QSettings, values: AppSettings) -> None:
    settings.setValue(BUDGET_MB, values.budget_mb)
    settings.setValue(EVERY, values.every)
    settings.setValue(AUTOSAVE_SECONDS, values.autosave_seconds)


def _number(
    settings: QSettings, key: str, default: float, problems: list, whole=False
) -> float:
    """The stored number for ``key`` if usable, else ``default`` (noting why)."""
    raw = settings.value(key)
    if raw is None:
        return float(default)
    low, high = RANGES[key]
    try:
        value = float(raw)
    except (TypeError, ValueError, OverflowError):
        value = math.nan
    usable = math.isfinite(value) and low <= value <= high
    if whole and usable and value != int(value):
        usable = False
    if not usable:
        kind = "a whole number" if whole else "a number"
        problems.append(
            f"{key}={_shown(raw)} is not {kind} from {low:g} to {high:g}; "
            f"using {default:g}"
        )
        return float(default)
    return value


def byte_array(settings: QSettings, key: str) -> QByteArray | None:
    """A stored QByteArray (window geometry and state), None if missing or not
    one (a hand-edited file)."""
    value = settings.value(key)
    return value if isinstance(value, QByteArray) else None


def string_list(settings: QSettings, key: str) -> list[str]:
    """A stored list of strings; one string counts as a list of one, anything
    else as empty."""
    value = settings.value(key)
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def string(settings: QSettings, key: str, default: str) -> str:
    value = settings.value(key)
    return value if isinstance(value, str) and value else default


def _shown(value) -> str:
    text = str(value)
    return repr(text if len(text) <= 20 else text[:20] + "…")
