"""Every file of the bad-input corpus is refused by the command line with one line
(exit 2) naming the file and the problem; the tables in tests/data/bad/README.md
say what each file is and what the message must contain."""

from pathlib import Path

import numpy as np
import pytest
from cli_runs import run_cli

from backprop_gui.core import (
    SessionFileError,
    Trainer,
    load_preset,
    load_session,
    load_weights,
)
from backprop_gui.core.io.dataset_csv import (
    DatasetFileError,
    load_dataset_csv,
    save_dataset_csv,
)

CORPUS = Path(__file__).parents[1] / "data" / "bad"


def corpus_table(folder: str) -> dict[str, str]:
    """file name -> expected message, from the README table of ``folder``."""
    text = (CORPUS / "README.md").read_text()
    section = text.split(f"(`{folder}/`)", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and "." in cells[0] and cells[0] != "file":
            rows[cells[0]] = cells[2]
    return rows


SESSIONS = corpus_table("sessions")
DATASETS = corpus_table("datasets")
WEIGHTS = corpus_table("weights")


def test_the_tables_list_every_file_and_every_file_exists():
    for folder, table in (
        ("sessions", SESSIONS),
        ("datasets", DATASETS),
        ("weights", WEIGHTS),
    ):
        on_disk = {p.name for p in (CORPUS / folder).iterdir()}
        assert on_disk == set(table), folder
    assert len(SESSIONS) >= 30 and len(DATASETS) >= 18 and len(WEIGHTS) >= 9


@pytest.mark.parametrize("name", sorted(SESSIONS))
def test_cli_refuses_bad_session_files(capsys, name):
    path = CORPUS / "sessions" / name
    code, out, err = run_cli(capsys, "run", "--session", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"backprop-gui: error: {path}: ")
    assert err.count("\n") == 1
    assert SESSIONS[name] in err


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_cli_refuses_bad_dataset_files(capsys, name):
    path = CORPUS / "datasets" / name
    code, out, err = run_cli(capsys, "run", "--preset", "xor", "--data", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"backprop-gui: error: {path}: ")
    assert err.count("\n") == 1
    assert DATASETS[name] in err


@pytest.mark.parametrize("name", sorted(WEIGHTS))
def test_bad_weight_files_are_refused_naming_the_file(name):
    path = CORPUS / "weights" / name
    with pytest.raises(SessionFileError) as caught:
        load_weights(path, load_preset("xor").spec)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert WEIGHTS[name] in message


def test_a_50_mb_session_file_is_refused_before_parsing(tmp_path, capsys):
    path = tmp_path / "huge.json"
    with open(path, "w") as f:
        f.write('{"format": "backprop-gui-session", "pad": "')
        f.write("x" * (50 * 2**20))
        f.write('"}')
    code, _, err = run_cli(capsys, "run", "--session", str(path))
    assert code == 2 and "session files are limited to 32 MB" in err


def test_loading_a_bad_file_changes_nothing_in_a_running_session():
    trainer = Trainer(load_preset("xor"))
    trainer.run(3)
    before = trainer.params.copy()
    inputs = trainer.session.inputs.copy()
    for name in SESSIONS:
        with pytest.raises(SessionFileError):
            load_session(CORPUS / "sessions" / name)
    for name in DATASETS:
        with pytest.raises(DatasetFileError):
            load_dataset_csv(CORPUS / "datasets" / name, 2, 1)
    assert trainer.params.identical(before)
    assert trainer.session.inputs.tobytes() == inputs.tobytes()


def test_good_csv_with_header_bom_and_chosen_columns(tmp_path, capsys):
    path = tmp_path / "data.csv"
    path.write_bytes("\ufeffa,b,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n".encode())
    data = load_dataset_csv(path, 2, 1)
    assert data.header == ["a", "b", "label"]
    assert data.inputs.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert data.targets.ravel().tolist() == [0, 1, 1, 0]
    swapped = load_dataset_csv(path, 1, 2, input_columns=[2], target_columns=[0, 1])
    assert swapped.inputs.ravel().tolist() == [0, 1, 1, 0]
    code, out, _ = run_cli(
        capsys, "run", "--preset", "xor", "--data", str(path), "--steps", "2"
    )
    assert code == 0 and "now at step 2" in out


def test_dataset_csv_round_trips_exactly(tmp_path):
    session = load_preset("circles")
    path = tmp_path / "circles.csv"
    save_dataset_csv(session.inputs, session.targets, path)
    data = load_dataset_csv(path, 2, 1)
    assert data.inputs.tobytes() == session.inputs.tobytes()
    assert data.targets.tobytes() == session.targets.tobytes()
    assert data.header == ["x1", "x2", "y1"]


def test_bce_targets_outside_0_1_are_refused(tmp_path, capsys):
    path = tmp_path / "d.csv"
    path.write_text("0,0,2\n")
    code, _, err = run_cli(capsys, "run", "--preset", "xor", "--data", str(path))
    assert code == 2 and "bce targets must lie between 0 and 1" in err
    np.testing.assert_array_equal(load_preset("xor").targets.ravel(), [0, 1, 1, 0])
