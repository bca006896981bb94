"""Weights archives (.npz) are read by what the network needs, not by what they
declare: damaged archives are one clear message, a header declaring a huge array
is refused unread, and a zip bomb is not inflated."""

import io
import zipfile

import numpy as np
import pytest
from processes import refusal_under_limit

from backprop_gui.core import SessionFileError, load_preset, load_weights, save_weights


def npz_bytes(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


@pytest.fixture
def xor_weights(tmp_path):
    path = tmp_path / "w.npz"
    save_weights(load_preset("xor").params, path)
    return path


def weights_refused(path, spec=None) -> str:
    with pytest.raises(SessionFileError) as caught:
        load_weights(path, spec or load_preset("xor").spec)
    message = str(caught.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


def test_damaged_archives_are_one_message(tmp_path, xor_weights):
    good = xor_weights.read_bytes()
    cases = {
        "truncated.npz": good[: len(good) // 2],
        "flipped.npz": good[:100] + bytes([good[100] ^ 0xFF]) + good[101:],
        "array.npz": _npy_bytes(),
        "empty.npz": b"",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        message = weights_refused(path)
        assert "damaged" in message or "not a zip archive" in message, message
    assert "single .npy array" in weights_refused(tmp_path / "array.npz")


def _npy_bytes() -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.zeros((2, 2)))
    return buffer.getvalue()


def test_a_header_declaring_a_huge_array_is_refused_unread(tmp_path):
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (10**6, 10**6)}
    )
    path = tmp_path / "huge.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("W0.npy", header.getvalue())  # magic and header, no data
    message = weights_refused(path)
    assert "array W0 has shape (1000000, 1000000), expected (2, 4)" in message


def test_a_zip_bomb_is_not_inflated(tmp_path):
    """12 GB of zeros would compress to ~12 MB; 200 MB (200 kB compressed) shows
    the same: only the bytes the network's shapes need are inflated."""
    spec = load_preset("xor").spec
    path = tmp_path / "bomb.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("W0.npy", "w", force_zip64=True) as member:
            header = io.BytesIO()
            np.lib.format.write_array_header_1_0(
                header, {"descr": "<f8", "fortran_order": False, "shape": (2, 4)}
            )
            member.write(header.getvalue())
            chunk = bytes(2**20)
            for _ in range(200):
                member.write(chunk)
    output, errors = refusal_under_limit(
        f"load_weights({str(path)!r}, load_preset('xor').spec)",
        "RLIMIT_AS",
        1_000_000_000,
    )
    assert "array W0 does not hold (2, 4) values" in output, errors
    assert spec.depth == 2


def test_unexpected_and_non_numeric_members(tmp_path, xor_weights):
    params = load_preset("xor").params
    arrays = {f"W{l}": w for l, w in enumerate(params.weights)}
    arrays.update({f"b{l}": b for l, b in enumerate(params.biases)})
    path = tmp_path / "extra.npz"
    path.write_bytes(npz_bytes(**arrays, W9=np.zeros(1)))
    assert "array W9 does not belong" in weights_refused(path)
    path.write_bytes(npz_bytes(**{**arrays, "W0": np.array(["a", "b"])}))
    assert "array W0 is not numeric" in weights_refused(path)
    path.write_bytes(npz_bytes(**{**arrays, "W0": np.full((2, 4), np.nan)}))
    assert "not finite" in weights_refused(path)
    fortran = np.asfortranarray(np.arange(8.0).reshape(2, 4))
    path.write_bytes(npz_bytes(**{**arrays, "W0": fortran}))
    loaded = load_weights(path, load_preset("xor").spec).weights[0]
    assert loaded.tolist() == fortran.tolist()


def test_a_corrupt_version_field_in_a_weights_archive(tmp_path, xor_weights):
    data = bytearray(xor_weights.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 6] = 99  # "version needed to extract" 9.9
    path = tmp_path / "bad-version.npz"
    path.write_bytes(bytes(data))
    assert "not a zip archive" in weights_refused(path)
