"""Light and dark colours, following the desktop's palette.

The window's own colours (text, base, window) come from Qt's palette, which the
platform sets from the desktop's colour scheme. The app's few colours of its own
(the highlight of numbers a phase changed, the current batch, the gradient-check
verdicts, the plots' background and axes) have a light and a dark variant,
chosen by the palette's window colour; the window changes them when the palette
changes (a desktop switching to dark at sunset).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Scheme:
    dark: bool
    highlight: QBrush  # numbers the latest phase changed
    batch: QBrush  # rows of the current batch
    check_good: QBrush  # gradient check < 1e-6
    check_warn: QBrush  # < 1e-4
    check_bad: QBrush  # above
    plot_background: QColor
    plot_foreground: QColor


def _scheme(dark: bool, colours: dict) -> Scheme:
    brushes = {k: QBrush(QColor(v)) for k, v in colours.items() if k != "plot"}
    background, foreground = colours["plot"]
    return Scheme(dark, **brushes, plot_background=QColor(background),
                  plot_foreground=QColor(foreground))  # fmt: skip


LIGHT = _scheme(
    False,
    {
        "highlight": "#ffec96",
        "batch": "#dbeafe",
        "check_good": "#bbf7d0",
        "check_warn": "#fef08a",
        "check_bad": "#fecaca",
        "plot": ("#ffffff", "#646464"),
    },
)
DARK = _scheme(
    True,
    {
        "highlight": "#6b5314",
        "batch": "#1e3a5f",
        "check_good": "#14532d",
        "check_warn": "#713f12",
        "check_bad": "#7f1d1d",
        "plot": ("#1e1e1e", "#b4b4b4"),
    },
)


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette if palette is not None else QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def current() -> Scheme:
    return DARK if is_dark() else LIGHT
