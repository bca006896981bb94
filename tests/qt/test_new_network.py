"""File → New network (Ctrl+N): the dialog explains invalid combinations, opens
with the open network's settings and its data, and its network trains."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from backprop_gui.core import load_preset
from backprop_gui.qt.new_network_dialog import NewNetworkDialog


def test_new_network_dialog_explains_invalid_combinations(qtbot):
    dialog = NewNetworkDialog(load_preset("mazur"))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.dataset.setCurrentText("xor")
    dialog.sizes.setText("2, 3, 1")
    dialog.loss.setCurrentText("cross_entropy")
    assert not ok.isEnabled()
    assert "needs a softmax output" in dialog.error.text()
    # found by a hostile probe: str.isdigit took "٣" for 3, and "²" or 5,000
    # digits gave Python's own messages
    for sizes in ("2, x, 1", "2, ٣, 1", "2, ², 1", "2, " + "9" * 5000 + ", 1"):
        dialog.sizes.setText(sizes)
        assert dialog.error.text() == (
            "Layer sizes must be whole numbers separated by commas"
        ), sizes
        assert not ok.isEnabled()
    dialog.sizes.setText("2, 3, 1")
    dialog.loss.setCurrentText("bce")
    dialog.learning_rate.setText("1e400")
    assert "out of range" in dialog.error.text()
    dialog.learning_rate.setText("0.3")
    dialog.activations[0].setCurrentText("softmax")
    assert "only allowed on the output" in dialog.error.text()
    dialog.activations[0].setCurrentText("relu")
    assert ok.isEnabled() and dialog.error.text() == ""
    session = dialog.session()
    assert session.spec.layers == [2, 3, 1] and session.learning_rate == 0.3
    assert session.spec.activations == ["relu", "sigmoid"]


def test_new_network_dialog_dataset_defaults_and_shape_check(qtbot):
    dialog = NewNetworkDialog(load_preset("mazur"))
    qtbot.addWidget(dialog)
    dialog.dataset.setCurrentText("blobs")
    dialog._apply_dataset_defaults()
    session = dialog.session()
    assert session.spec.layers == [2, 8, 3] and session.spec.loss == "cross_entropy"
    assert session.inputs.shape == (150, 2)
    dialog.dataset.setCurrentText("current data")  # mazur has 2 outputs, not 3
    assert "the network must match" in dialog.error.text()
    dialog.sizes.setText("2, 3, 2")
    dialog.loss.setCurrentText("half_sse")
    dialog.dataset.setCurrentText("data of preset mazur")
    session = dialog.session()
    assert session.inputs.tolist() == [[0.05, 0.1]]
    assert session.targets.tolist() == [[0.01, 0.99]]


def test_new_network_through_the_menu(qtbot, window, monkeypatch):
    def accept(dialog):
        dialog.sizes.setText("2, 5, 1")
        dialog.dataset.setCurrentText("circles")
        return True

    monkeypatch.setattr(NewNetworkDialog, "exec", accept)
    window.files.new_network.trigger()
    assert window.debugger.session.spec.layers == [2, 5, 1]
    # mazur's settings carry over: one shared bias per layer
    assert window.debugger.session.spec.bias_mode == "shared"
    assert window.param_model.rowCount() == 2 * 5 + 1 + 5 + 1
    assert window.parameters.layer.count() == 3
    window.controls.step.trigger()  # and it trains


def test_init_fields_and_their_captions_show_only_for_their_scheme(qtbot):
    dialog = NewNetworkDialog(load_preset("mazur"))
    qtbot.addWidget(dialog)
    dialog.show()
    visible = lambda w: w.isVisible() and dialog._captions[w].isVisible()  # noqa: E731
    hidden = lambda w: not w.isVisible() and not dialog._captions[w].isVisible()  # noqa: E731
    dialog.scheme.setCurrentText("xavier")
    assert all(hidden(w) for w in (dialog.init_low, dialog.init_high, dialog.init_std))
    dialog.scheme.setCurrentText("uniform")
    assert visible(dialog.init_low) and visible(dialog.init_high)
    assert hidden(dialog.init_std)
    dialog.scheme.setCurrentText("normal")
    assert visible(dialog.init_std) and hidden(dialog.init_low)


def test_new_network_opens_ready_for_the_current_data(qtbot, window, monkeypatch):
    """Found in a real-window trial: on mazur the dialog opened with 2, 4, 1 for
    2-output data, an error, and OK disabled."""
    seen = {}

    def look(dialog):
        seen.update(sizes=dialog.sizes.text(), error=dialog.error.text())
        return False

    monkeypatch.setattr(NewNetworkDialog, "exec", look)
    window.files.new_network.trigger()
    assert seen == {"sizes": "2, 2, 2", "error": ""}


def test_new_network_starts_from_every_setting_of_the_open_one(qtbot, make_window):
    """Found in a real-window trial: on single-sample the dialog took the layer
    sizes from the session but the loss, initialisation and learning rate from
    its defaults (bce, xavier, 0.5 against half_sse, uniform, 0.1)."""
    for name in ("single-sample", "xor", "digits"):
        window = make_window(name)
        current = window.debugger.session
        dialog = NewNetworkDialog(current)
        qtbot.addWidget(dialog)
        made = dialog._session
        assert dialog.error.text() == "" and made is not None
        assert made.spec == current.spec and made.init == current.init
        assert made.learning_rate == current.learning_rate
        assert (made.batch_size, made.optimizer) == (
            current.batch_size,
            current.optimizer,
        )
        assert (made.shuffle_seed is None) == (current.shuffle_seed is None)
        if name == "xor":  # drawn from the same scheme and seed: the same weights
            assert made.params.identical(current.params)


def test_new_network_keeps_the_bias_start_and_shuffle_seed_and_takes_any_seed(
    qtbot,
):
    """Found in review: a seed of 2^40 from a file crashed the dialog
    (OverflowError), and the biases' start and the shuffle seed were lost."""
    from backprop_gui.core import InitSpec, NetworkSpec, Session

    spec = NetworkSpec([2, 3, 1], ["tanh", "sigmoid"], "bce")
    data = [[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]]
    for seed in (7, 2**40):
        current = Session.create(
            spec,
            InitSpec("xavier", seed, bias=0.1),
            *data,
            batch_size=2,
            shuffle_seed=12345,
        )
        dialog = NewNetworkDialog(current)
        qtbot.addWidget(dialog)
        made = dialog.session()
        assert made is not None and made.init.bias == 0.1
        assert made.shuffle_seed == 12345
        assert made.init.seed == (seed if seed == 7 else 0)  # the dialog's range
        if seed == 7:
            assert made.params.identical(current.params)


def test_tab_goes_from_the_sizes_through_each_activation_to_the_loss(qtbot):
    """Found in a real-window trial: Tab went from Layer sizes straight to
    Loss; the activation boxes made for the layers came last."""
    dialog = NewNetworkDialog(load_preset("mazur"))
    qtbot.addWidget(dialog)
    dialog.sizes.setText("2, 3, 3, 2")
    chain, widget = [], dialog.sizes
    for _ in range(4):
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
        chain.append(widget)
    assert chain == [*dialog.activations, dialog.loss]
