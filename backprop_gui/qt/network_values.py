"""What the network graph shows about a neuron or an edge: values of the chosen
sample read from the trainer, and the tooltip texts. No drawing here."""

from __future__ import annotations

from ..core.engine.keys import ParameterKey
from .formatting import fmt, layer_title
from .quiz_hiding import HIDDEN_TEXT, hidden


class NetworkValues:
    """Reads the trainer's state for the sample at ``position_wanted`` of the batch."""

    def __init__(self, bridge) -> None:
        self.bridge = bridge
        self.position_wanted = 0

    @property
    def trainer(self):
        return self.bridge.debugger.trainer

    def sample_row(self) -> int | None:
        fwd = self.trainer.forward_result
        if fwd is None:
            return None
        return int(fwd.samples[min(self.position_wanted, len(fwd.samples) - 1)])

    def position(self) -> int:
        fwd = self.trainer.forward_result
        if fwd is None:
            return 0
        return min(self.position_wanted, fwd.a[0].shape[0] - 1)

    def _hidden(self, fresh: bool) -> bool:
        return hidden(self.bridge.debugger, fresh)

    def activation(self, layer: int, n: int) -> float | None:
        trainer = self.trainer
        fwd = trainer.forward_result
        if layer > 0 and self._hidden(trainer.forward_valid):
            return None
        if fwd is None:
            if layer == 0:
                return float(trainer.session.inputs[trainer.current_batch()[0], n])
            return None
        return float(fwd.a[layer][self.position(), n])

    def z(self, layer: int, n: int) -> float | None:
        fwd = self.trainer.forward_result
        if fwd is None or layer == 0 or self._hidden(self.trainer.forward_valid):
            return None
        return float(fwd.z[layer][self.position(), n])

    def delta(self, layer: int, n: int) -> float | None:
        """The delta of the shown sample in the latest backward pass: None when
        that pass did not take this sample (an earlier, other batch)."""
        trainer = self.trainer
        bwd = trainer.backward_result
        if bwd is None or layer == 0 or self._hidden(trainer.backward_valid):
            return None
        row = trainer.backward_position(self.position())
        return None if row is None else float(bwd.delta[layer][row, n])

    def neuron_tooltip(self, layer: int, n: int) -> str:
        trainer = self.trainer
        spec = trainer.session.spec
        title = f"{layer_title(layer, spec.depth).capitalize()} neuron {n + 1}"
        if layer == 0:
            return f"{title}\nx = {fmt(self.activation(0, n))}"
        lines = [f"{title} ({spec.activations[layer - 1]})"]
        stale_forward, stale_backward = (
            not trainer.forward_valid,
            not trainer.backward_valid,
        )
        predicting = self.bridge.debugger.quiz is not None  # no answer given away
        now = (
            trainer.preview()
            if stale_forward and trainer.forward_result and not predicting
            else None
        )
        # the shown sample's own numbers in the next pass, if it takes it (a
        # mini-batch may not, a shuffled full batch has it elsewhere)
        position = None if now is None else trainer.preview_position(self.position())
        for label, values, value in (
            ("z", now and now.z[layer], self.z(layer, n)),
            ("a", now and now.a[layer], self.activation(layer, n)),
        ):
            line = _value_line(label, value, stale_forward)
            if position is not None:
                line = line[: -len(")")] + f"; now {fmt(float(values[position, n]))})"
            lines.append(line)
        lines.append(_value_line("delta = dL/dz", self.delta(layer, n), stale_backward))
        bias = trainer.params.biases[layer - 1]
        if bias.size:
            shared = spec.bias_mode == "shared"
            name = spec.label(ParameterKey.bias(layer - 1, 0 if shared else n))
            lines.append(f"{name} = {fmt(float(bias[0 if shared else n]))}")
        return "\n".join(lines)

    def edge_tooltip(self, l: int, i: int, j: int) -> str:
        trainer = self.trainer
        spec = trainer.session.spec
        src = f"{layer_title(l, spec.depth)} {i + 1}"
        dst = f"{layer_title(l + 1, spec.depth)} {j + 1}"
        lines = [f"{ParameterKey.weight(l, i, j).label()}: {src} → {dst}"]
        lines.append(f"w = {fmt(float(trainer.params.weights[l][i, j]))}")
        bwd = trainer.backward_result
        if bwd is not None and self._hidden(trainer.backward_valid):
            lines.append(f"dL/dw = – ({HIDDEN_TEXT})")
        elif bwd is not None:
            stale = "" if trainer.backward_valid else " (stale)"
            lines.append(f"dL/dw = {fmt(float(bwd.dW[l][i, j]))}{stale}")
        else:
            lines.append("dL/dw = – (no backward pass yet)")
        change = trainer.last_change_of(ParameterKey.weight(l, i, j))
        if change is not None:
            lines.append(f"last change = {fmt(change)}")
        return "\n".join(lines)


def _value_line(label: str, value: float | None, stale: bool) -> str:
    if value is None:
        return f"{label} = –"
    return f"{label} = {fmt(value)}{' (stale)' if stale else ''}"
