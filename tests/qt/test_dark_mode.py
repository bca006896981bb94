"""The app follows the desktop's palette: its own colours (highlights, batch
rows, gradient-check verdicts, plots) switch between light and dark variants
when the palette does."""

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from backprop_gui.qt import colour_scheme
from backprop_gui.qt.param_rows import CHECK, VALUE
from backprop_gui.qt.table_cells import BACKGROUND


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def test_colours_follow_a_dark_palette_and_back(make_window):
    window = make_window()
    window.controls.step.trigger()  # an update: highlighted values
    window.controls.gradient_check.trigger()  # verdict colours
    model = window.param_model
    light = QApplication.palette()
    assert model.index(5, VALUE).data(BACKGROUND) == colour_scheme.LIGHT.highlight
    assert model.index(5, CHECK).data(BACKGROUND) == colour_scheme.LIGHT.check_good
    try:
        QApplication.setPalette(dark_palette())
        QApplication.processEvents()
        assert colour_scheme.is_dark()
        assert model.index(5, VALUE).data(BACKGROUND) == colour_scheme.DARK.highlight
        assert model.index(5, CHECK).data(BACKGROUND) == colour_scheme.DARK.check_good
        for plot in window.plots.all_plots():
            assert plot.backgroundBrush().color() == colour_scheme.DARK.plot_background
            axis = plot.getPlotItem().getAxis("bottom")
            assert axis.textPen().color() == colour_scheme.DARK.plot_foreground
        assert window.dataset.model._batch_brush == colour_scheme.DARK.batch
    finally:
        QApplication.setPalette(light)
        QApplication.processEvents()
    assert model.index(5, VALUE).data(BACKGROUND) == colour_scheme.LIGHT.highlight
    background = window.plots.loss_plot.backgroundBrush().color()
    assert background == colour_scheme.LIGHT.plot_background
