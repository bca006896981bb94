"""Checks that the plots show what is true: the Outputs tab is the latest pass's
(grey when stale), the Loss plot's curve holds no point of a stale pass, and
the dashed marks are where the samples changed. Used by the window state
machine; each check raises AssertionError."""

import numpy as np


def check_outputs_plot(window) -> None:
    """The Outputs tab draws the latest forward pass's outputs and the targets
    that pass compared with: in colour exactly when the pass is current, grey
    with a note when stale, nothing when there is no pass to show (none,
    hidden by Predict mode, or its rows may be other samples now)."""
    from backprop_gui.qt.outputs_plot import STALE_BRUSH
    from backprop_gui.qt.quiz_hiding import hidden

    plots, trainer = window.plots, window.debugger.trainer
    page, fwd = plots.outputs_page, trainer.forward_result
    plots.tabs.setCurrentWidget(page)
    plots.refresh()
    k = max(0, page.output_choice.currentIndex())
    if not len(page.targets.data["x"]):
        assert (
            fwd is None
            or k >= fwd.a[-1].shape[1]
            or hidden(window.debugger, trainer.forward_valid)
            or fwd.revision < trainer.rows_revision
        )
        return
    assert fwd.revision >= trainer.rows_revision
    outputs = fwd.a[-1][:, k]
    keep = np.isfinite(outputs)
    assert page.outputs.data["x"].tolist() == (fwd.samples[keep] + 1).tolist()
    assert page.outputs.data["y"].tolist() == outputs[keep].tolist()
    assert page.targets.data["y"].tolist() == fwd.y[:, k].tolist()
    grey = page.outputs.opts["brush"].color() == STALE_BRUSH.color()
    assert grey == (not trainer.forward_valid) == bool(page.stale_note.text())


def check_loss_points(window) -> None:
    """The Loss plot's curve holds no point of a pass made stale since: the
    point of the update under way is drawn apart (grey, hollow) after an edit,
    until its forward pass runs again; in Predict mode it is not drawn at all
    (it would give the next loss away)."""
    plots, trainer = window.plots, window.debugger.trainer
    plots.tabs.setCurrentIndex(0)
    plots.refresh()
    history = window.debugger.metrics
    drawn = plots.loss_curve.getData()[0]
    xs = [] if drawn is None else list(drawn)
    stale = plots.loss_stale.points
    under_way = len(history) and history.steps[-1] == trainer.step + 1
    if under_way and not trainer.forward_valid and np.isfinite(history.loss[-1]):
        assert trainer.step + 1 not in xs
        if window.debugger.quiz is not None:
            assert stale == []
        else:
            assert (trainer.step + 1, history.loss[-1]) in stale
    else:
        assert stale == []


def check_change_marks(window) -> None:
    """The plots' dashed lines are where the debugger says the samples changed,
    none after the present, each between two updates."""
    debugger = window.debugger
    changes = debugger.data_changes.changes
    assert all(0 <= c.step <= debugger.trainer.step for c in changes)
    plots = window.plots
    plots.tabs.setCurrentIndex(0)
    plots.refresh()
    shown = [line.value() for line in plots.loss_marks.lines]
    assert shown == [c.position for c in changes]
