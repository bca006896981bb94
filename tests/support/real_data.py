"""What the real-data tests share: the repository's Iris CSV, a small softmax
network, and writing a CSV."""

from pathlib import Path

from backprop_gui.core.engine.spec import NetworkSpec

#: The repository's copy (the tests may run against an installed package).
RESOURCES = Path(__file__).parents[2] / "resources"
IRIS = RESOURCES / "datasets" / "iris.csv"
SOFTMAX_3 = NetworkSpec([2, 3], ["softmax"], "cross_entropy")


def write(path, text: str):
    path.write_text(text)
    return path
