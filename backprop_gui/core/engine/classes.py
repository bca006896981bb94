"""Class labels: their order, the targets they become, and how a network's
outputs are read as classes (accuracy, confusion matrix).

Classes are the distinct labels, sorted: numerically when every label is a number
(``2`` before ``10``), else as text (in Unicode's composed form, NFC, so that one
letter written two ways is one class). Class ``k`` is the ``k``-th of that order. With
as many outputs as classes a sample's target is one-hot (1 at its class, 0
elsewhere); a single output with two classes gets 0 for the first class and 1 for
the second. Read back, the predicted class of a sample is its largest output (first
on ties), or for a single output 1 when the output is at least 0.5.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal

import numpy as np

#: A label that is a number: C-locale decimal syntax, as dataset CSVs use.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
#: Labels longer than this are refused (a label is a class name, not a text).
MAX_LABEL_CHARS = 200
#: More classes than this is not a classification a table or plot can show.
MAX_CLASSES = 1000


def _as_number(value: float):
    """A numeric class as JSON keeps it: an int when whole."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def order_classes(labels) -> list:
    """The sorted distinct labels of ``labels`` (text cells or a number array)."""
    if isinstance(labels, np.ndarray) and labels.dtype.kind == "f":
        classes = [_as_number(float(v)) for v in np.unique(labels)]
    else:
        texts = [_label_text(cell) for cell in labels]
        if texts and all(_NUMBER.fullmatch(t) for t in texts):
            classes = [_as_number(v) for v in sorted(_numbers(set(texts)))]
        else:
            classes = sorted(set(texts))
    check_class_names(classes)
    return classes


def _numbers(texts: set[str]) -> set[float]:
    """The distinct values of number labels; ``ValueError`` when two different
    numbers would become one float (``9007199254740993``, ``1e-400`` and 0)."""
    exact: dict[float, Decimal] = {}
    for text in texts:
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"class label {text} is too large a number")
        decimal = Decimal(text)
        if exact.setdefault(value, decimal) != decimal:
            raise ValueError(
                f"class labels {exact[value]} and {decimal} are different numbers "
                "that a 64-bit float cannot tell apart; write the labels as text"
            )
    return set(exact)


def class_indices(labels, classes: list) -> np.ndarray:
    """Each label's position in ``classes`` (``ValueError`` for one not there)."""
    if isinstance(labels, np.ndarray) and labels.dtype.kind == "f":
        keys = labels.tolist()
    else:
        texts = [_label_text(cell) for cell in labels]
        numeric = all(not isinstance(c, str) for c in classes)
        keys = [float(t) if numeric and _NUMBER.fullmatch(t) else t for t in texts]
    lookup = {
        (float(c) if not isinstance(c, str) else _nfc(c)): k
        for k, c in enumerate(classes)
    }
    try:
        return np.array([lookup[key] for key in keys], dtype=np.intp)
    except KeyError as exc:
        raise ValueError(f"label {exc.args[0]!r} is not one of the classes") from None


def class_targets(indices: np.ndarray, n_classes: int, n_outputs: int) -> np.ndarray:
    """Targets for class ``indices``: one-hot, or 0/1 for a single output."""
    check_class_count(n_classes, n_outputs)
    if n_outputs == 1:
        return indices.astype(np.float64).reshape(-1, 1)
    targets = np.zeros((len(indices), n_outputs))
    targets[np.arange(len(indices)), indices] = 1.0
    return targets


def check_class_count(n_classes: int, n_outputs: int) -> None:
    if n_outputs == 1 and n_classes == 2:
        return
    if n_outputs == n_classes and n_classes >= 2:
        return
    if n_classes < 2:
        raise ValueError("the labels name only one class; a classifier needs two")
    raise ValueError(
        f"the labels name {n_classes} classes; the network has {n_outputs} "
        f"output{'s' if n_outputs != 1 else ''} (give it {n_classes} outputs, or "
        "one output for two classes)"
    )


def check_class_names(classes: list) -> None:
    if len(classes) > MAX_CLASSES:
        raise ValueError(f"{len(classes):,} classes; the limit is {MAX_CLASSES:,}")
    for c in classes:
        if isinstance(c, bool) or not isinstance(c, (str, int, float)):
            raise ValueError(f"a class must be a name or a number, not {c!r}")
        if isinstance(c, float) and not math.isfinite(c):
            raise ValueError("a class must be a finite number")
        if isinstance(c, str) and not c.strip():
            raise ValueError("a class name is empty")
    keys = [_nfc(c).strip() if isinstance(c, str) else float(c) for c in classes]
    # nor the same name on screen: "1" and 1 are both shown as 1
    shown = [_nfc(class_name(c)).strip() for c in classes]
    if len(set(keys)) != len(keys) or len(set(shown)) != len(shown):
        raise ValueError("two classes have the same name")


def class_name(c) -> str:
    """How a class is written on screen and in files."""
    return c if isinstance(c, str) else repr(c)


def _nfc(text: str) -> str:
    """One spelling of each text: "é" typed as one character or as "e" and a
    combining accent (as some systems write it) is one class, not two."""
    return unicodedata.normalize("NFC", text)


def _label_text(cell) -> str:
    text = _nfc(str(cell)).strip()
    if not text:
        raise ValueError("a class label is empty")
    if len(text) > MAX_LABEL_CHARS:
        raise ValueError(
            f"a class label has {len(text)} characters; the limit is {MAX_LABEL_CHARS}"
        )
    return text


# ------------------------------------------------------------ reading outputs
def predicted_classes(outputs: np.ndarray) -> np.ndarray:
    """The class each row of outputs stands for (see the module docstring)."""
    if outputs.shape[1] == 1:
        return (outputs[:, 0] >= 0.5).astype(np.intp)
    return np.argmax(outputs, axis=1)


def true_classes(targets: np.ndarray) -> np.ndarray:
    """The class of each row of targets, read the same way as outputs."""
    return predicted_classes(targets)


def confusion_matrix(actual, predicted, n_classes: int) -> np.ndarray:
    """Counts: row = actual class, column = predicted class."""
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (actual, predicted), 1)
    return counts
