"""Rules of the window state machine that look at things as a user does:
watching parameters and neurons (and stopping), selecting a table row with
Explain shown, following Explain's links. Mixed into the machine in
tests/qt/test_window_state_machine.py, whose ``window`` and ``debugger`` they
use."""

from hypothesis import strategies as st
from hypothesis.stateful import rule

from backprop_gui.core.engine.keys import NeuronKey


class ViewRules:
    @rule()
    def stop_watching(self):
        """Plots → Watches: select the first watch, Stop watching."""
        plot = self.window.plots.watches
        keys = list(self.debugger.watches.keys)
        plot.list.setCurrentRow(0)
        plot.remove.click()
        assert self.debugger.watches.keys == keys[1:]

    @rule(data=st.data())
    def watch_selected_row(self, data):
        model = self.window.param_model
        row = data.draw(st.integers(0, model.rowCount() - 1))
        self.window.parameters.select_parameter(model.locate(row))
        self.window.parameters.watch.click()

    @rule(data=st.data())
    def watch_a_neuron(self, data):
        layers = self.debugger.session.spec.layers
        layer = data.draw(st.integers(0, len(layers) - 1))
        neuron = data.draw(st.integers(0, layers[layer] - 1))
        self.window.network_view.watchRequested.emit(NeuronKey(layer, neuron))

    @rule(data=st.data())
    def select_a_row_with_explain_shown(self, data):
        model = self.window.param_model
        row = data.draw(st.integers(0, model.rowCount() - 1))
        self.window.parameters.select_parameter(model.locate(row))

    @rule(data=st.data())
    def follow_an_explain_link(self, data):
        shown = self.window.explain.shown
        if shown is not None and shown.links:
            _label, key = data.draw(st.sampled_from(shown.links))
            self.window.explain.show_key(key)
