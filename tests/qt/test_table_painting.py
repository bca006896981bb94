"""Table cells are painted from one answer of the model (``cell(row, column)``),
not by Qt's delegate asking seven roles of each: the picture must be Qt's own, and
a Step repaints only the columns that changed."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem
from widget_events import EventLog

from backprop_gui.qt.param_rows import CHANGE, GRADIENT, VALUE


def _render(table, index, qt_path: bool) -> np.ndarray:
    """The cell as the table's delegate paints it (or as Qt's own delegate does,
    with ``qt_path``), on white, as an (h, w, 3) array."""
    rect = table.visualRect(index)
    image = QImage(rect.width(), rect.height(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)  # what the view gives its delegates
    option.rect = QRect(0, 0, rect.width(), rect.height())
    delegate = table.itemDelegateForIndex(index)
    painter = QPainter(image)
    if qt_path:
        QStyledItemDelegate.paint(delegate, painter, option, index)
    else:
        delegate.paint(painter, option, index)
    painter.end()
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(
        rect.height(), image.bytesPerLine() // 4, 4
    )
    return pixels[:, : rect.width(), 2::-1].astype(int)  # BGRA -> RGB


def _ink(cell: np.ndarray) -> tuple:
    """The box around the text (pixels far from the background) and its darkest
    pixel's colour."""
    background = np.median(cell.reshape(-1, 3), axis=0)
    mask = np.abs(cell - background).sum(axis=2) > 120
    rows, columns = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    assert rows.size, "no text painted"
    darkest = cell[mask][cell[mask].sum(axis=1).argmin()]
    return (rows[0], rows[-1], columns[0], columns[-1]), darkest, background


def _assert_like_qt(table, index):
    fast, qt = _render(table, index, False), _render(table, index, True)
    (box_fast, ink_fast, back_fast), (box_qt, ink_qt, back_qt) = _ink(fast), _ink(qt)
    assert np.abs(np.subtract(box_fast, box_qt)).max() <= 2, (box_fast, box_qt)
    assert np.abs(ink_fast - ink_qt).max() <= 40, (ink_fast, ink_qt)
    assert np.abs(back_fast - back_qt).max() <= 2, (back_fast, back_qt)
    return ink_fast, back_fast


def test_parameter_cells_look_as_qt_paints_them(window):
    model, table = window.param_model, window.parameters.table
    window.controls.step.trigger()  # values, gradients and changes; highlighted
    for column in range(model.columnCount()):
        if not model.index(0, column).data():
            continue  # the empty gradient-check column
        ink, back = _assert_like_qt(table, model.index(0, column))
        if column == GRADIENT:  # of the pass before the update: stale, grey
            assert ink.min() > 100
        else:
            assert ink.sum() < 200  # the text colour
    # the update's highlight is the cell's background, as Qt paints it
    _, back = _assert_like_qt(table, model.index(0, VALUE))
    assert tuple(back) == QColor(model.scheme.highlight.color()).getRgb()[:3]


def test_stale_gradients_are_grey_and_narrow_numbers_keep_their_exponent(window):
    model, table = window.param_model, window.parameters.table
    window.controls.step.trigger()
    window.controls.next_phase.trigger()
    window.controls.next_phase.trigger()  # forward, backward: fresh gradients
    assert model.setData(model.index(5, VALUE), "-4.1052365964412345e94")
    # the edit makes every gradient stale: grey italic, like Qt's
    ink, _ = _assert_like_qt(table, model.index(0, GRADIENT))
    assert ink.min() > 100 and ink.max() - ink.min() < 30  # grey
    for width in (20, 36, 60, 80, 112):  # "-4…", then -4e+94 up to -4.1e+94
        table.horizontalHeader().resizeSection(VALUE, width)
        table.horizontalHeader().resizeSection(CHANGE, width)
        _assert_like_qt(table, model.index(5, VALUE))  # the fitted -4.1e+94
        _assert_like_qt(table, model.index(5, CHANGE))


def test_dataset_cells_look_as_qt_paints_them(window):
    model, table = window.dataset.model, window.dataset.table
    window.controls.next_phase.trigger()  # outputs of a forward pass
    for column in range(model.columnCount()):
        _assert_like_qt(table, model.index(0, column))
    assert model.setData(model.index(0, 0), "0.75")  # the outputs turn stale
    ink, _ = _assert_like_qt(table, model.index(0, model.columnCount() - 1))
    assert ink.min() > 100  # grey


def _paint_regions(widget) -> list:
    """The rectangles ``widget`` is asked to paint from now on."""
    return EventLog(QEvent.Type.Paint, [widget], lambda obj, event: event.rect())


@pytest.mark.parametrize("scrolled", [False, True])
def test_a_step_repaints_only_the_visible_cells_that_changed(
    make_window, qtbot, scrolled
):
    window = make_window("digits")
    table = window.parameters.table
    if scrolled:
        table.scrollToBottom()
    qtbot.wait(10)
    regions = _paint_regions(table.viewport())
    window.controls.step.trigger()
    qtbot.waitUntil(lambda: bool(regions.seen))
    left = table.columnViewportPosition(VALUE)
    assert all(rect.left() >= left for rect in regions.seen), regions.seen
    # what is on screen is the current state's
    row = table.rowAt(table.viewport().height() // 2)
    index = window.param_model.index(row, VALUE)
    key = window.param_model.locate(row)
    assert index.data(Qt.ItemDataRole.EditRole) == repr(
        key.read(window.debugger.trainer.params)
    )


def test_cells_of_one_layer_look_as_qt_paints_them(window):
    window.controls.step.trigger()
    window.parameters.layer.setCurrentIndex(2)  # "Layer 2 (W2, b2)"
    table = window.parameters.table
    proxy = table.model()
    assert 0 < proxy.rowCount() < window.param_model.rowCount()
    for column in (0, VALUE, CHANGE):
        index = proxy.index(1, column)
        _assert_like_qt(table, index)
        source = proxy.mapToSource(index)
        assert proxy.cell(1, column) == window.param_model.cell(source.row(), column)


def _pixels(widget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine() // 4, 4
    )
    return pixels[:, : image.width(), :3].copy()


def _assert_one_pass_paints_as_the_delegate(table):
    """The view's one pass over the cells gives exactly the picture of Qt's
    paintEvent calling the delegate for each cell (tested against Qt's own
    cells above): alternate rows, grid, selected row and focus included."""
    viewport = table.viewport()
    one_pass = _pixels(viewport)
    table.paint_from_cells = False
    try:
        per_cell = _pixels(viewport)
    finally:
        table.paint_from_cells = True
    differing = np.argwhere((one_pass != per_cell).any(axis=2))
    assert differing.size == 0, differing[:10]
    assert len(np.unique(one_pass.reshape(-1, 3), axis=0)) > 3  # not blank


@pytest.mark.parametrize("layer", [0, 2])
def test_the_parameter_table_paints_in_one_pass_as_cell_by_cell(
    make_window, qtbot, layer
):
    window = make_window("digits")
    table = window.parameters.table
    window.parameters.layer.setCurrentIndex(layer)  # all layers, or one
    window.controls.step.trigger()
    table.setFocus()
    table.selectRow(3)  # selected, focused and current: Qt's delegate paints it
    table.verticalScrollBar().setValue(1)
    qtbot.wait(10)
    _assert_one_pass_paints_as_the_delegate(table)
    table.horizontalHeader().resizeSection(VALUE, 44)  # fitted, cut numbers
    _assert_one_pass_paints_as_the_delegate(table)


def test_the_dataset_table_paints_in_one_pass_as_cell_by_cell(make_window, qtbot):
    window = make_window("iris")  # class names, alternate rows, batch highlight
    table = window.dataset.table
    window.controls.next_phase.trigger()
    table.selectRow(4)
    qtbot.wait(10)
    _assert_one_pass_paints_as_the_delegate(table)
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    assert window.dataset.model.setData(window.dataset.model.index(0, 0), "0.5")
    qtbot.wait(10)  # the outputs are stale now: grey italic
    _assert_one_pass_paints_as_the_delegate(table)


def test_a_painted_number_does_not_depend_on_what_was_painted_before(window):
    """0.12344999999999999 and 0.12345000000000001 both show 0.12345 at 12
    digits but fit to 0.1234 and 0.1235: the fitted text is kept per number, not
    per text."""
    from backprop_gui.qt.number_delegate import FittedNumberDelegate
    from backprop_gui.qt.table_cells import Cell

    table = window.parameters.table
    font, metrics = table.font(), table.fontMetrics()
    width = metrics.horizontalAdvance("0.1235") + 8  # room for 6 characters

    def picture(delegate, number):
        image = QImage(width, 22, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        cell = Cell(f"{number:.12g}", number, None, True, False)
        delegate.paint_cell(
            painter, QRect(0, 0, width, 22), cell, QColor("black"), font, table
        )
        painter.end()
        return image

    low, high = 0.12344999999999999, 0.12345000000000001
    assert f"{low:.12g}" == f"{high:.12g}"
    shared = FittedNumberDelegate(table, 12)
    after_low = (picture(shared, low), picture(shared, high))
    alone = (
        picture(FittedNumberDelegate(table, 12), low),
        picture(FittedNumberDelegate(table, 12), high),
    )
    assert after_low == alone and alone[0] != alone[1]


def test_a_scroll_paints_the_whole_view(window, monkeypatch):
    """Numbers are fitted to the part of their cell in view: after a scroll
    every cell paints again, not only the strip Qt scrolls in (the moved
    pixels of an edge cell showed the text fitted to the old view: a half-shown
    last row scrolled up whole showed its number twice, 5 px apart, in a
    trial; offscreen, Qt happens to paint it all anyway, so the request is
    what is checked)."""
    from PySide6.QtWidgets import QApplication

    table = window.parameters.table
    table.resize(220, 120)  # mazur's 10 rows scroll both ways
    QApplication.processEvents()
    viewport = table.viewport()
    assert table.verticalScrollBar().maximum() > 0
    whole = []
    monkeypatch.setattr(viewport, "update", lambda *a: whole.append(a))
    bar = table.horizontalScrollBar()
    bar.setValue(bar.value() + 15)
    assert () in whole  # update() of the whole viewport
    whole.clear()
    table.verticalScrollBar().setValue(1)  # up and down too
    assert () in whole


def test_a_stale_number_in_the_selected_row_is_readable(window):
    """Found in review: a stale gradient in the selected row was drawn STALE
    grey on the selection's blue (contrast 1.25:1); it keeps its italic and the
    selection's text colour."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from backprop_gui.qt.table_cells import STALE

    model, table = window.param_model, window.parameters.table
    window.controls.next_phase.trigger()
    window.controls.next_phase.trigger()  # gradients
    assert model.setData(model.index(2, VALUE), "0.3")  # now stale
    assert model.cell(0, GRADIENT).stale
    table.selectRow(0)
    table.setCurrentIndex(model.index(0, VALUE))
    QApplication.processEvents()
    rect = table.visualRect(model.index(0, GRADIENT))
    image = table.viewport().grab(rect).toImage()
    palette = table.palette()
    group = (
        QPalette.ColorGroup.Active
        if table.isActiveWindow()
        else QPalette.ColorGroup.Inactive
    )
    text = palette.color(group, QPalette.ColorRole.HighlightedText)
    colours = {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
    }
    assert text.name() in colours and STALE.name() not in colours
