"""The text around the network graph: the phase just run and the loss above it
(on one line, or two when the graph is narrow, never overlapping), notes on what
is left out, and the layer titles below."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter

from .formatting import fmt, loss_now, penalty_changed
from .network_layout import (
    MAX_EDGES,
    Layout,
    caption_top,
    drawn_count,
    layer_titles,
)
from .quiz_hiding import hidden

PHASE_COLOURS = {
    "forward": QColor(22, 163, 74),
    "backward": QColor(147, 51, 234),
    "update": QColor(202, 138, 4),
}
PHASE_TEXT = {
    "forward": "forward: z, a and the loss computed",
    "backward": "backward: deltas and gradients computed",
    "update": "update: new weights and biases",
}


#: The longest texts each caption can have (numbers of the most digits).
_LOSS_TEMPLATE = "loss -0.00000000e-000 (stale; next batch -0.00000000e-000)"
_EDGES_TEMPLATE = "edges: gradients dL/dw (stale) · "


def caption_rows(view) -> int:
    """Lines of caption above the graph: 2 when the phase and the loss share the
    top line; 3 when the loss needs a line of its own; 4 when even that line is
    too narrow and "(stale; now …)" goes below it. Decided on the longest texts,
    so the graph does not jump while a run changes the numbers."""
    metrics = view.fontMetrics()
    bold = QFont(view.font())
    bold.setBold(True)
    width = view.width() - 24
    left = QFontMetrics(bold).horizontalAdvance(
        f"Update 000000 · {max(PHASE_TEXT.values(), key=len)}"
    )
    loss = _loss_template(view)
    right = metrics.horizontalAdvance(_EDGES_TEMPLATE + loss)
    if left + 16 + right <= width:
        return 2
    return 3 if metrics.horizontalAdvance(loss) <= width else 4


def _loss_template(view) -> str:
    """The longest loss text now: with "without penalty" while the stale pass
    and the current values differ in the penalty (the note cut "(stale;" off
    a narrow caption), else the usual."""
    if penalty_changed(view.bridge.debugger.trainer):
        return _LOSS_TEMPLATE.replace(")", " without penalty)")
    return _LOSS_TEMPLATE


def edges_shown(view) -> str:
    """What the edges show: "weights", or the gradients, "(stale)" once an
    update or an edit made them so."""
    if not view.edges_show_gradients():
        return "weights"
    stale = not view.bridge.debugger.trainer.backward_valid
    return "gradients dL/dw" + (" (stale)" if stale else "")


def caption_notes(view, layout: Layout) -> list[str]:
    """The notes on the last caption line: what is left out, and which sample
    of the batch the graph shows."""
    trainer = view.bridge.debugger.trainer
    spec = trainer.session.spec
    notes = []
    # first the sample the numbers are of: a narrow graph cuts the line's end
    sample = view.values.sample_row()
    if sample is not None and trainer.forward_result.a[0].shape[0] > 1:
        position = view.values.position() + 1
        if trainer.forward_result.revision < trainer.rows_revision:
            # samples were added or removed since: its rows are others now
            notes.append(f"batch sample {position} (stale: samples changed)")
        else:
            notes.append(f"batch sample {position} = dataset row {sample + 1}")
    # then what nothing else says (a cut layer has its "+N more" marker): a
    # narrow graph cuts the last note first
    if any(t > MAX_EDGES for t in layout.edge_totals):
        notes.append(f"{MAX_EDGES} strongest edges per layer")
    cut = [drawn_count(s, n) for s, n in zip(layout.shown, spec.layers) if s < n]
    if cut:
        notes.append(f"large layers show {max(cut)} neurons and how many more")
    return notes


def draw_captions(view, painter: QPainter, layout: Layout) -> None:
    """The phase, the loss and notes above the graph, the layer titles below."""
    trainer = view.bridge.debugger.trainer
    spec = trainer.session.spec
    painter.setPen(view.palette().text().color())
    font = QFont(view.font())
    painter.setFont(font)
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    line = QFontMetrics(font).height()
    rows = layout.caption_rows
    width = view.width() - 24

    def row(k: int) -> QRectF:
        return QRectF(12, caption_top(k, line), width, line + 2)

    def fits(text: str) -> bool:
        return painter.fontMetrics().horizontalAdvance(text) <= width

    phase = trainer.last_phase
    if phase:
        step = trainer.step if phase == "update" else trainer.step + 1
        text = f"Update {step} · {PHASE_TEXT[phase]}"
        if not fits(text):  # narrow: the phase's name alone
            text = f"Update {step} · {phase}"
        painter.setPen(PHASE_COLOURS[phase])
    else:
        text = f"Step {trainer.step} · next: {trainer.next_phase}"
    painter.drawText(row(0), Qt.AlignmentFlag.AlignLeft, text)
    painter.setFont(font)
    painter.setPen(view.palette().text().color())
    what = edges_shown(view)
    loss, stale = loss_texts(view)
    right = " · ".join(p for p in (f"edges: {what}", loss) if p)
    right = f"{right} {stale}" if stale else right
    lines = [right]
    if rows > 2 and not fits(right):  # never cut a number: shorter, then split
        lines = [f"{loss} {stale}".strip() or right]
        if rows == 4 and not fits(lines[0]):
            lines = [loss, stale] if stale else [loss]
            if stale and not fits(stale):  # the penalty's note goes first: the
                # status bar and its tooltip keep it (never cut "(stale;")
                lines[1] = f"(stale; {loss_now(trainer, 8, note=False)})"
    first = 0 if rows == 2 else 1  # beside the phase, or on the lines below it
    for k, text in enumerate(lines):
        painter.drawText(row(first + k), Qt.AlignmentFlag.AlignRight, text)
    notes = caption_notes(view, layout)
    if notes:
        text = " · ".join(notes)
        painter.drawText(
            row(rows - 1),
            Qt.AlignmentFlag.AlignLeft,
            painter.fontMetrics().elidedText(
                text[:1].upper() + text[1:], Qt.TextElideMode.ElideRight, width
            ),
        )
    titles = layer_titles(spec, layout, painter.fontMetrics())
    for layer, title in titles:
        x = layout.centres[(layer, 0)].x()
        painter.drawText(
            QRectF(x - 4 * line, view.height() - 2 * line - 4, 8 * line, 2 * line + 2),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            title,
        )


def loss_texts(view) -> tuple[str, str]:
    """The caption's loss, and its stale note ("" when current): "loss
    0.29837111" and "(stale; now 0.30402111 with penalty)"."""
    trainer = view.bridge.debugger.trainer
    fwd = trainer.forward_result
    if fwd is None:
        return "", ""
    if hidden(view.bridge.debugger, trainer.forward_valid):
        return "loss –", ""  # Predict mode: the loss to come is a question
    loss = f"loss {fmt(fwd.loss, 8)}"
    if trainer.forward_valid:
        return loss, ""
    return loss, f"(stale; {loss_now(trainer, 8)})"
