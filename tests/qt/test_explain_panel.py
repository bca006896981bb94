"""The Explain dock follows selections, links and phases, with the engine's numbers."""

from PySide6.QtCore import QPoint, Qt, QUrl

from backprop_gui.core.engine.keys import ParameterKey


def test_explain_a_selected_weight_then_follow_a_factor_and_go_back(qtbot, window):
    window.controls.next_phase.trigger()
    window.controls.next_phase.trigger()
    window.parameters.select_parameter(ParameterKey.weight(1, 0, 0))
    text = window.explain.text.toPlainText()
    assert "dL/dW2[1→1]" in text and "= 0.138498561629 × 0.593269992107" in text
    assert "= 0.0821670405642" in text
    window.explain.text.anchorClicked.emit(QUrl("explain:delta:2:0:0"))
    text = window.explain.text.toPlainText()
    assert "δ = 0.741365069552 × 0.186815601809 = 0.138498561629" in text
    assert window.explain.back.isEnabled()
    window.explain.back.click()
    assert "dL/dW2[1→1]" in window.explain.text.toPlainText()


def test_clicking_a_neuron_explains_its_delta_and_text_follows_phases(qtbot, window):
    window.controls.next_phase.trigger()
    window.controls.next_phase.trigger()
    view = window.network_view
    centre = view.neuron_centre(1, 1)
    qtbot.mouseClick(
        view,
        Qt.MouseButton.LeftButton,
        pos=QPoint(round(centre.x()), round(centre.y())),
    )
    assert "= 0.00995425470522" in window.explain.text.toPlainText()
    assert window.docks["explain"].isVisible()
    window.param_model.setData(window.param_model.index(0, 4), "0.9")
    # the weights this delta was computed with are gone: nothing half-true shown
    assert "edited since" in window.explain.text.toPlainText()
    window.controls.next_phase.trigger()  # forward again: gradients not there yet
    window.controls.next_phase.trigger()  # backward: explained with the new numbers
    assert "= 0.00995425470522" not in window.explain.text.toPlainText()
    assert "δ_j = " in window.explain.text.toPlainText()


def test_a_hidden_explanation_catches_up_when_shown(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    window.parameters.select_parameter(ParameterKey.weight(1, 0, 0))
    window.controls.next_phase.trigger()
    window.controls.next_phase.trigger()  # backward: dW2 explained
    window.docks["dataset"].raise_()  # the explanation is the tab behind it
    qtbot.waitUntil(lambda: window.explain.visibleRegion().isEmpty())
    before = window.explain.text.toPlainText()
    window.controls.step.trigger()  # update, forward, backward: new numbers
    assert window.explain.text.toPlainText() == before  # not redrawn while hidden
    window.docks["explain"].raise_()
    qtbot.waitUntil(lambda: not window.explain.visibleRegion().isEmpty())
    after = window.explain.text.toPlainText()
    assert after != before and "dL/dW2[1→1]" in after


def test_explanations_wrap_in_a_narrow_panel_after_operators_only(window):
    """Issue 15: the Σ w·δ total was cut behind a horizontal scroll bar."""
    import re

    from backprop_gui.qt.explain_panel import equation_html

    html_line = equation_html("δ = 0.741365069552 × 0.186815601809 = 0.13849856")
    assert html_line == (
        "δ&nbsp;= 0.741365069552&nbsp;× 0.186815601809&nbsp;= 0.13849856"
    )
    window.docks["explain"].show()
    window.docks["explain"].raise_()
    for _ in range(2):
        window.controls.next_phase.trigger()
    window.explain.explain_neuron(1, 0)  # a hidden delta: the longest sum
    browser = window.explain.text
    browser.resize(220, 400)
    window.explain.render()
    assert browser.horizontalScrollBar().maximum() == 0
    layout = browser.document().documentLayout()
    assert layout.documentSize().width() <= browser.viewport().width() + 1
    # every visual line break falls at a space, never inside a number, and
    # never just before an operator
    block = browser.document().begin()
    breaks = 0
    while block.isValid():
        lines = block.layout()
        text = block.text()
        for k in range(lines.lineCount() - 1):
            end = lines.lineAt(k).textStart() + lines.lineAt(k).textLength()
            assert text[end - 1] in " \u2028", (text[end - 20 : end], text[end:][:9])
            assert not re.match(r"[=×·+*/-] ", text[end:]), text[end:][:9]
            breaks += 1
        block = block.next()
    assert breaks  # the panel is narrow enough to wrap


def test_a_neuron_clicked_before_its_backward_pass_explains_its_activation(window):
    """Found in a real-window trial: after the forward pass alone a click on a
    hidden neuron asked to run a backward pass first (its delta), while an
    input neuron was explained."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view = window.network_view
    window.docks["explain"].show()
    window.docks["explain"].raise_()
    window.controls.next_phase.trigger()  # forward only
    centre = view.neuron_centre(1, 0).toPoint()
    QTest.mouseClick(
        view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre
    )
    assert window.explain.key == ("a", 1, 0, 0)
    assert "backward" not in window.explain.text.toPlainText().lower()
    window.controls.next_phase.trigger()  # backward: now its delta
    QTest.mouseClick(
        view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre
    )
    assert window.explain.key == ("delta", 1, 0, 0)


def test_the_same_explanation_with_new_numbers_keeps_its_scrolled_place(qtbot, window):
    """During a run Explain is rendered at every refresh: it jumped back to the
    top, so a short panel's links could not be scrolled to (trial, 1024x700)."""
    from widget_events import turn_wheel

    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.docks["explain"].show()
    window.docks["explain"].raise_()
    window.docks["explain"].resize(300, 150)
    window.controls.next_phase.trigger()
    window.controls.next_phase.trigger()
    window.parameters.select_parameter(ParameterKey.weight(1, 0, 0))
    bar = window.explain.text.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    viewport = window.explain.text.viewport()
    for _ in range(5):  # the wheel, down
        turn_wheel(viewport, -1, (20, 20))
    place = bar.value()
    assert place > 0
    text = window.explain.text.toPlainText()
    window.controls.step.trigger()  # new numbers, the same explanation
    assert window.explain.text.toPlainText() != text
    assert bar.value() == min(place, bar.maximum()) > 0
    place = bar.value()
    window.explain.text.anchorClicked.emit(QUrl("explain:delta:2:0:0"))
    assert bar.value() == 0  # another explanation starts at the top
    window.explain.back.click()
    assert bar.value() == place > 0  # Back: where it was left
    window.parameters.select_parameter(ParameterKey.weight(1, 1, 0))
    assert bar.value() == 0
