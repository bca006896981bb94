"""Weight files (.npz): ``W0``, ``b0``, ``W1``, ... as NumPy writes them.

Reading checks the archive against the network before reading any data: the
member names, then each member's ``.npy`` header (shape, dtype) must match, and
exactly the declared number of bytes is decompressed (a zip bomb or a header that
declares a huge array is refused without inflating it). A damaged archive (a
truncated zip, a bad CRC, a ``.npy`` renamed to ``.npz``) is one clear message.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib
from pathlib import Path

import numpy as np

from ..engine.parameters import Parameters, check_shapes, parameter_shapes
from ..engine.spec import NetworkSpec
from .atomic_write import atomic_write
from .bounded_read import read_limited
from .session_file import SessionFileError
from .shown_text import one_line

#: Larger files are refused before they are read (all parameters at the limit
#: take 152.6 MB as float64; an archive adds a little per member).
MAX_FILE_BYTES = 160 * 2**20


def save_weights(params: Parameters, path) -> None:
    """Export weights and biases to ``.npz`` (arrays ``W0``.., ``b0``..)."""
    arrays = {f"W{l}": w for l, w in enumerate(params.weights)}
    arrays.update({f"b{l}": b for l, b in enumerate(params.biases)})
    with atomic_write(path, "wb") as handle:
        np.savez(handle, **arrays)


def load_weights(path, spec: NetworkSpec) -> Parameters:
    """Read an ``.npz`` written by :func:`save_weights`, checked against ``spec``;
    :class:`SessionFileError` names the file and the problem."""
    path = Path(path)
    try:
        raw = read_limited(path, MAX_FILE_BYTES, "weights files")
        arrays = _read_members(raw, spec)
        params = Parameters(arrays["W"], arrays["b"])
        check_shapes(spec, params)
        if not params.all_finite():
            raise ValueError("holds values that are not finite numbers")
    except ValueError as exc:
        raise SessionFileError(f"{path}: {exc}") from None
    return params


_ARCHIVE_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError)


def _read_members(raw: bytes, spec: NetworkSpec) -> dict[str, list[np.ndarray]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        OSError,
        NotImplementedError,  # a corrupt "version needed" field
        RuntimeError,
    ):
        hint = " (it is a single .npy array)" if raw[:6] == b"\x93NUMPY" else ""
        raise ValueError(f"not a .npz weights file: not a zip archive{hint}") from None
    weight_shapes, bias_shapes = parameter_shapes(spec)
    wanted = {f"W{l}.npy": shape for l, shape in enumerate(weight_shapes)}
    wanted.update({f"b{l}.npy": shape for l, shape in enumerate(bias_shapes)})
    with archive:
        names = archive.namelist()
        extra = sorted(set(names) - set(wanted))
        if extra:
            raise ValueError(
                f"array {one_line(extra[0].removesuffix('.npy'), 40)} does not "
                f"belong to this "
                f"network (expected W0..W{spec.depth - 1} and b0..b{spec.depth - 1})"
            )
        arrays = {"W": [], "b": []}
        for name, shape in wanted.items():
            if name not in names:
                raise ValueError(f"array {name.removesuffix('.npy')} is missing")
            arrays[name[0]].append(_read_member(archive, name, shape))
    return arrays


def _read_member(archive: zipfile.ZipFile, name: str, want: tuple) -> np.ndarray:
    key = name.removesuffix(".npy")
    try:
        with archive.open(name) as member:
            shape, fortran, dtype = _header(member, key)
            if dtype.hasobject or dtype.kind not in "fiu" or dtype.itemsize > 8:
                raise ValueError(f"array {key} is not numeric ({dtype})")
            if tuple(shape) != tuple(want):
                raise ValueError(
                    f"array {key} has shape {tuple(shape)}, expected {tuple(want)}"
                )
            size = int(np.prod(want, dtype=np.int64)) * dtype.itemsize
            data = member.read(size)
            if len(data) != size or member.read(1):
                raise ValueError(f"array {key} does not hold {tuple(want)} values")
    except _ARCHIVE_ERRORS as exc:
        raise ValueError(f"the archive is damaged ({key}: {exc})") from None
    except (NotImplementedError, RuntimeError) as exc:
        # a compression method zipfile lacks, or an encrypted member
        raise ValueError(f"the archive cannot be read ({key}: {exc})") from None
    array = np.frombuffer(data, dtype=dtype).reshape(
        want, order="F" if fortran else "C"
    )
    return np.array(array, dtype=np.float64)


def _header(member, key: str):
    """Shape, Fortran order and dtype from a ``.npy`` header (no data read)."""
    try:
        version = np.lib.format.read_magic(member)
        if version == (1, 0):
            return np.lib.format.read_array_header_1_0(member)
        return np.lib.format.read_array_header_2_0(member)
    except _ARCHIVE_ERRORS:
        raise  # the archive itself is damaged: the caller says so
    except Exception:  # NumPy parses the header text: any failure is a bad file
        raise ValueError(f"array {key} is not a valid .npy array") from None
