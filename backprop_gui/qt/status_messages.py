"""The status bar's message: what the last action did, or why it was refused.

An error stays (in red) until the next message, or until a command succeeds: a
"Value refused" is gone once a later edit, phase, load or rewind worked. Only the
message turns red; the step, phase and loss counters keep their colour.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStatusBar

from .bridge import DebuggerBridge

INFO_MS = 4000
ERROR_STYLE = (
    "QStatusBar { color: #b91c1c; } QStatusBar QLabel { color: palette(window-text); }"
)


class StatusMessages:
    def __init__(self, bar: QStatusBar, bridge: DebuggerBridge) -> None:
        self.bar = bar
        #: Whether the message shown now is an error.
        self.error = False
        bar.messageChanged.connect(self._on_changed)
        for signal in (
            bridge.phaseCompleted,
            bridge.parametersEdited,
            bridge.settingsChanged,
            bridge.dataEdited,
            bridge.sessionReset,
            bridge.sessionLoaded,
            bridge.sessionRewound,
            bridge.gradientChecked,
        ):
            signal.connect(self.clear_error)

    def show(self, text: str, error: bool = False) -> None:
        """One line: an error stays until something succeeds, news for 4 s."""
        text = " ".join(text.split())  # a message is one line, whatever it quotes
        self.error = error
        self.bar.setStyleSheet(ERROR_STYLE if error else "")
        self.bar.showMessage(text, 0 if error else INFO_MS)

    def text(self) -> str:
        return self.bar.currentMessage()

    def clear_error(self, *_args) -> None:
        if self.error:
            self.bar.clearMessage()

    def _on_changed(self, text: str) -> None:
        if not text and self.error:
            self.error = False
            self.bar.setStyleSheet("")
