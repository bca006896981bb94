"""Built-in presets: session files shipped inside the package.

They live in the repository's top-level ``resources/presets/`` folder, which the build
installs as ``backprop_gui/resources/presets/``; they are read with
``importlib.resources`` so they are found in any installation. Run from a source
checkout (``python -m backprop_gui`` in the repository, where the source tree
shadows any installed copy) they are read from ``resources/`` itself.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..engine.session import Session
from .session_file import parse_session

#: Presets in the order they are listed (the seeds first).
PRESET_ORDER = (
    "mazur",
    "single-sample",
    "batch-231",
    "xor",
    "and",
    "or",
    "circles",
    "spirals",
    "blobs",
    "iris",
    "digits",
)


#: The repository's resources folder, for a source checkout.
SOURCE_RESOURCES = Path(__file__).resolve().parents[3] / "resources"


def _folder():
    try:
        return resources.files("backprop_gui.resources").joinpath("presets")
    except ModuleNotFoundError:  # a source checkout: resources/ is not inside
        return SOURCE_RESOURCES / "presets"


def preset_names() -> list[str]:
    """All presets shipped with the package, the seed presets first."""
    found = {
        entry.name[: -len(".json")]
        for entry in _folder().iterdir()
        if entry.name.endswith(".json")
    }
    ordered = [name for name in PRESET_ORDER if name in found]
    return ordered + sorted(found - set(ordered))


def load_preset(name: str) -> Session:
    """A fresh session from the preset ``name`` (``ValueError`` if unknown)."""
    if name not in preset_names():
        known = ", ".join(preset_names())
        raise ValueError(f"unknown preset {name!r} (known: {known})")
    folder = _folder()
    text = folder.joinpath(f"{name}.json").read_text(encoding="utf-8")
    # a preset's dataset CSV lies in resources/datasets, next to presets/
    session = parse_session(text, f"preset {name}", Path(str(folder)))
    session.name = session.name or name
    return session


def preset_summary(name: str) -> str:
    """First line of the preset's description."""
    description = load_preset(name).description
    return description.splitlines()[0] if description else ""
