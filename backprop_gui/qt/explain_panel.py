"""The Explain dock: the chain rule of the selected gradient, with this step's numbers.

Selecting a parameter row (or clicking an edge) explains its gradient, or right
after an update the optimizer's rule that moved it; clicking a neuron explains its
delta. Each factor is a link that explains that factor in turn;
Back returns to the previous explanation. The text follows every phase.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core.debugger.explain_update import update_key
from ..core.engine.keys import ParameterKey
from .bridge import DebuggerBridge
from .quiz_hiding import HIDDEN_TEXT

STALE_COLOUR = "#b45309"
#: Monospace fonts that carry ← and the math signs first: "monospace" alone may
#: pick one without them, and the fallback drew ← as a tiny glyph
EQUATION_FONTS = "'DejaVu Sans Mono', 'Liberation Mono', 'Menlo', 'Consolas', monospace"


def _key_to_url(key: tuple) -> str:
    return "explain:" + ":".join(str(part) for part in key)


def _url_to_key(url: str) -> tuple:
    kind, *numbers = url.removeprefix("explain:").split(":")
    return (kind, *map(int, numbers))


#: Operators written with a space on each side; a line may break after one.
_OPERATORS = ("+", "-", "−", "×", "·", "=", "*", "/", "≈")


def equation_html(line: str) -> str:
    """One line of an explanation as HTML that wraps in a narrow panel only after
    an operator: the space before each operator does not break, and numbers have
    no spaces inside, so a number is never split."""
    text = html.escape(line)
    for op in _OPERATORS:
        text = text.replace(f" {html.escape(op)} ", f"&nbsp;{html.escape(op)} ")
    return text


class ExplainPanel(QWidget):
    def __init__(self, bridge: DebuggerBridge, parent=None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.key: tuple | None = None
        self.shown = None
        #: the explanations Back returns to: (key, the place scrolled to)
        self.history: list[tuple[tuple, int]] = []
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(
            lambda url: self.show_key(_url_to_key(url.toString()))
        )
        self.back = QPushButton("Back")
        self.back.setToolTip("The previous explanation")
        self.back.clicked.connect(self.go_back)
        bar = QHBoxLayout()
        bar.addWidget(self.back)
        bar.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(bar)
        layout.addWidget(self.text)
        self._stale = False
        self._rendered_key: tuple | None = None  # the key of the text shown
        self._place_wanted = 0  # where Back scrolls the explanation it shows
        bridge.stateChanged.connect(self._state_changed)
        bridge.sessionLoaded.connect(self.clear)
        self.render()

    def _state_changed(self) -> None:
        # while out of sight (hidden, or a dock tab behind another: Qt keeps those
        # "visible", off-screen) render only when shown again: the text would be
        # laid out again on every step otherwise
        if self.isVisible() and not self.visibleRegion().isEmpty():
            self.render()
        else:
            self._stale = True

    def set_shown(self, shown: bool) -> None:
        """Connected to the dock's visibilityChanged: catch up when shown."""
        if shown and self._stale:
            self._render_shown_state()

    def showEvent(self, event) -> None:
        self.set_shown(True)
        super().showEvent(event)

    def clear(self) -> None:
        self.key, self.history = None, []
        self.render()

    def explain_parameter(self, key: ParameterKey) -> None:
        """Right after an update: its rule for this parameter; else the
        parameter's gradient."""
        trainer = self.bridge.debugger.trainer
        if trainer.last_phase == "update" and trainer.last_update is not None:
            self.show_key(update_key(key), fresh=True)
        elif key.kind == "W":
            self.show_key(("dW", key.layer, key.source, key.target), fresh=True)
        else:
            self.show_key(("db", key.layer, key.target), fresh=True)

    def explain_neuron(self, layer: int, n: int, row: int = 0) -> None:
        """Explain the delta of a neuron for row ``row`` of the latest forward
        pass's batch; its activation for an input neuron, while the latest
        forward pass has no backward pass yet (its delta is still to come), and
        when the latest backward pass did not take that sample."""
        trainer = self.bridge.debugger.trainer
        forward_only = trainer.backward_result is None or (
            trainer.forward_valid and not trainer.backward_valid
        )
        # the backward pass's batch may be an earlier one: the sample's row there
        backward_row = trainer.backward_position(row)
        if layer == 0 or forward_only or backward_row is None:
            key = ("a", layer, n, row)
        else:
            key = ("delta", layer, n, backward_row)
        self.show_key(key, fresh=True)

    def show_key(self, key: tuple, fresh: bool = False) -> None:
        if fresh:
            self.history = []
        elif self.key is not None:
            place = self.text.verticalScrollBar().value()
            self.history.append((self.key, place))
        self.key = key
        self._render_shown_state()

    def go_back(self) -> None:
        if self.history:
            self.key, self._place_wanted = self.history.pop()
            self._render_shown_state()

    def _render_shown_state(self) -> None:
        """Render the new choice with the state the other views show: while a
        run is past their picture (its refresh waits, see :mod:`.frame_hold`),
        that refresh comes first, and renders this panel with the rest (when
        shown; inside a block that puts refreshes off, the panel renders now
        and again at the block's refresh)."""
        if self.bridge.refresh_waiting:
            self._stale = True
            self.bridge.refresh_pending()
            if not self._stale:  # rendered by the refresh
                return
        self.render()

    def render(self) -> None:
        self._stale = False
        self.back.setEnabled(bool(self.history))
        self.shown = None
        if self.key is None:
            self._set_html(
                "<p>Select a parameter in the table (or click an edge or a neuron in "
                "the graph) after a backward pass, to see its gradient written out "
                "with this step's numbers.</p>"
            )
            return
        try:
            e = self.bridge.debugger.explain(self.key)
        except ValueError as exc:
            self._set_html(f"<p><i>{html.escape(str(exc))}</i></p>")
            return
        if e.stale and self.bridge.debugger.quiz is not None:
            # the title on a line of its own: "…of layer 1: hidden in Predict
            # mode" read as if "hidden" were the layer's name
            self._set_html(
                f"<p><b>{html.escape(e.title)}</b></p>"
                f"<p><i>{HIDDEN_TEXT[0].upper()}{HIDDEN_TEXT[1:]}.</i></p>"
            )
            return
        #: The explanation shown (for tests and tools).
        self.shown = e
        parts = [f"<h3>{html.escape(e.title)}</h3>"]
        if e.stale:
            parts.append(
                f'<p style="color:{STALE_COLOUR}"><b>{html.escape(e.stale)}.</b> '
                "The next phases compute the current numbers.</p>"
            )
        parts.append(
            f'<p style="font-family: {EQUATION_FONTS}; white-space: pre-wrap">'
            + "<br>".join(equation_html(line) for line in e.lines)
            + "</p>"
        )
        if e.links:
            parts.append("<p>Explain a factor:</p><ul>")
            parts += [
                f'<li><a href="{_key_to_url(key)}">{html.escape(label)}</a></li>'
                for label, key in e.links
            ]
            parts.append("</ul>")
        self._set_html("\n".join(parts))

    def _set_html(self, text: str) -> None:
        """Show ``text``; the same explanation with new numbers keeps the place
        scrolled to (during a run it is rendered at every refresh: it jumped
        back to the top, out of reach of its links in a short panel), a new
        one starts at the top, and Back returns to where it was left."""
        bar = self.text.verticalScrollBar()
        wanted, self._place_wanted = self._place_wanted, 0
        # a new one at the top, one gone back to where it was left
        place = bar.value() if self.key == self._rendered_key else wanted
        self.text.setHtml(text)
        bar.setValue(min(place, bar.maximum()))
        self._rendered_key = self.key
