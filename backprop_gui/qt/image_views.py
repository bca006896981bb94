"""Views of inputs that form a square image (8×8 digits, 28×28 MNIST, any n×n):
the selected sample as a picture, and the first layer's incoming weights of every
neuron as a mosaic of pictures ("Weight images").

Both draw one RGBA image with NumPy (a mosaic, not one item per neuron), so a
redraw costs about the same for 10 neurons or 500.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QStackedLayout, QVBoxLayout, QWidget

from .shown_refresh import RefreshWhenShown
from .status_label import StatusLabel

#: Negative, zero and positive weights: orange and blue, as the graph's edges
#: (a red-blue map here read the other way round from the graph beside it).
DIVERGING = pg.ColorMap([0.0, 0.5, 1.0], ["#ea580c", "#f8fafc", "#2563eb"])
GREY = pg.ColorMap([0.0, 1.0], ["#ffffff", "#111827"])
GAP = (128, 128, 128, 255)
NOT_SQUARE = (
    "Image views need inputs that form a square picture (64 = 8×8, 784 = 28×28, "
    "any n×n with n >= 3); this network has {} inputs."
)


def image_side(n_inputs: int) -> int | None:
    """The side of the square picture ``n_inputs`` inputs form, or None."""
    side = math.isqrt(n_inputs)
    return side if side * side == n_inputs and side >= 3 else None


def grid_columns(count: int, width: float, height: float) -> int:
    """The columns of a grid of ``count`` equal squares that makes them the
    largest in ``width`` x ``height`` (a near-square grid left most of a wide,
    short dock empty: 32 digits' pictures 17 px each at 1024x700)."""
    if width <= 0 or height <= 0:
        return math.ceil(math.sqrt(count))
    return max(
        range(1, count + 1),
        key=lambda c: (min(width / c, height / math.ceil(count / c)), -c),
    )


def mosaic(
    pictures: np.ndarray,
    side: int,
    colours: pg.ColorMap,
    low,
    high,
    columns: int | None = None,
):
    """RGBA (rows, columns, 4) of ``pictures`` (one per row, ``side²`` values
    each) laid out in a grid of ``columns`` (near-square if None) with one-pixel
    gaps; values from ``low`` to ``high`` span the colour map."""
    count = len(pictures)
    columns = columns or math.ceil(math.sqrt(count))
    rows = math.ceil(count / columns)
    cell = side + 1
    out = np.empty((rows * cell - 1, columns * cell - 1, 4), dtype=np.ubyte)
    out[:] = GAP
    span = (high - low) or 1.0
    scaled = np.clip((np.nan_to_num(pictures) - low) / span, 0.0, 1.0)
    rgba = colours.map(scaled.reshape(-1), mode="byte").reshape(count, side, side, 4)
    for k in range(count):
        r, c = divmod(k, columns)
        out[r * cell : r * cell + side, c * cell : c * cell + side] = rgba[k]
    if count % columns:  # the last row's empty cells: nothing, not grey
        out[(rows - 1) * cell :, (count % columns) * cell :] = 0
    return out


class _Picture(QWidget):
    """One image item in a locked-aspect view, with a caption; or a note.

    What changes at every step (the step, the scale) is on a line of its own of
    fixed size (a StatusLabel): a word-wrapped label asks for a new layout at
    every ``setText``, and in a dock that laid out the whole main window at
    every Step (~1-2 ms of its repaint). The wrapped caption changes only with
    the network."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(None)
        self.view = self.graphics.addViewBox(lockAspect=True, invertY=True)
        self.view.setMouseEnabled(False, False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.view.addItem(self.image)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.reading = StatusLabel()
        self.reading.setContentsMargins(0, 0, 0, 0)
        self.reading.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.graphics, 1)
        column.addWidget(self.reading)
        column.addWidget(self.caption)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setMargin(12)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(page)
        self.stack.addWidget(self.note)
        self._shape = None

    def show_image(self, rgba: np.ndarray, caption: str, reading: str = "") -> None:
        """``reading``: the line that changes with every step (none if empty)."""
        self.stack.setCurrentIndex(0)
        self.reading.set_wanted(bool(reading))
        self.reading.set_text(reading)
        self.image.setImage(rgba, autoLevels=False)
        if rgba.shape != self._shape:  # a new layout: fit it once
            self._shape = rgba.shape
            self.view.autoRange(padding=0.02)
        if self.caption.text() != caption:
            self.caption.setText(caption)

    def show_note(self, text: str) -> None:
        self.stack.setCurrentIndex(1)
        self.note.setText(text)
        self._shape = None


class WeightImages(RefreshWhenShown, _Picture):
    """The "Weight images" dock: W1[:, j] of every neuron j of layer 1 as a
    picture, blue for negative, red for positive, on one scale (±max |W1|)."""

    def __init__(self, bridge, parent=None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        #: what was drawn last: (pictures, side, caption, reading), to lay the
        #: same pictures out again when the view's shape changes
        self._drawn = None
        self._shown_columns = 0
        self.graphics.installEventFilter(self)
        bridge.stateChanged.connect(self.refresh)
        bridge.sessionLoaded.connect(self.refresh)

    def _columns(self, count: int) -> int:
        view = self.graphics
        return grid_columns(count, view.width(), view.height())

    def eventFilter(self, obj, event) -> bool:
        """The view's new shape: the pictures drawn (not the debugger's state,
        which a run may have moved past) laid out again to fill it."""
        drawn = self._drawn
        if (
            event.type() == QEvent.Type.Resize
            and drawn is not None
            and self.isVisible()
            and self._columns(len(drawn[0])) != self._shown_columns
        ):
            self._show(*drawn)
        return False

    def _show(self, pictures, side, caption, reading) -> None:
        self._drawn = (pictures, side, caption, reading)
        self._shown_columns = columns = self._columns(len(pictures))
        with np.errstate(all="ignore"):
            rgba = mosaic(pictures, side, DIVERGING, -1.0, 1.0, columns)
        self.show_image(rgba, caption, reading)

    def redraw(self) -> None:
        debugger = self.bridge.debugger
        n_inputs = debugger.session.spec.layers[0]
        side = image_side(n_inputs)
        if side is None:
            self._drawn = None
            self.show_note(NOT_SQUARE.format(n_inputs))
            return
        weights = debugger.session.params.weights[0]  # (inputs, neurons)
        finite = np.where(np.isfinite(weights), np.abs(weights), 0.0)
        scale = finite.max(axis=0)
        scale[~(scale > 0)] = 1.0
        # each neuron on its own scale, ±its largest |w|: the pattern it looks for
        with np.errstate(all="ignore"):
            pictures = (weights / scale).T
        self._show(
            pictures,
            side,
            f"W1 into each of the {weights.shape[1]} neurons of layer 1 as "
            f"{side}×{side} pictures, left to right. Orange < 0 < blue, as in the "
            "graph, each on its own scale.",
            f"Step {debugger.step}: scales ±{scale.min():.2g} to ±{scale.max():.2g}",
        )


class SampleImage(_Picture):
    """A sample's inputs as a picture (dark = high), on the dataset's scale."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(140)
        self._range = (None, 0.0, 1.0)  # (inputs array, low, high)

    def show_sample(self, session, row: int, class_name: str | None) -> None:
        side = image_side(session.inputs.shape[1])
        if side is None or not 0 <= row < session.n_samples:
            self.show_note("")
            return
        scaling = session.input_scaling
        if self._range[0] is not session.inputs:  # once per dataset, not per step
            inputs = session.inputs
            low, high = inputs.min(axis=0), inputs.max(axis=0)
            if scaling is not None:  # the raw values: pixels as they were
                low, high = scaling.unapply(low), scaling.unapply(high)
            self._range = (inputs, float(low.min()), float(high.max()))
        _, low, high = self._range
        pixels = session.inputs[row : row + 1]
        if scaling is not None:
            pixels = scaling.unapply(pixels)
        rgba = mosaic(pixels, side, GREY, low, high)
        caption = f"Sample {row + 1}"
        if class_name is not None:
            caption += f": {class_name}"
        self.show_image(rgba, caption)
