"""The command line, in process (fast) and as installed (subprocess)."""

import csv
import json
import subprocess
import sys

import pytest
from cli_runs import run_cli

from backprop_gui.cli import main
from backprop_gui.core import load_preset, load_session, save_session


def test_run_mazur_writes_the_seed_numbers_into_the_trace(tmp_path, capsys):
    trace = tmp_path / "t.csv"
    code, out, err = run_cli(
        capsys, "run", "--preset", "mazur", "--steps", "1", "--trace", str(trace)
    )
    assert code == 0, err
    assert "loss before update 1: 0.29837110876" in out
    with open(trace, newline="") as f:
        rows = list(csv.DictReader(f))
    new_b2 = [r for r in rows if r["phase"] == "update" and r["quantity"] == "b"]
    assert [round(float(r["value"]), 12) for r in new_b2] == [
        0.340637195303,
        0.549799837444,
    ]


def test_run_with_lr_and_save(tmp_path, capsys):
    out_file = tmp_path / "trained.json"
    code, out, _ = run_cli(
        capsys,
        "run",
        "--preset",
        "xor",
        "--steps",
        "50",
        "--lr",
        "2",
        "--save",
        str(out_file),
    )
    assert code == 0
    saved = load_session(out_file)
    assert saved.step == 50 and saved.learning_rate == 2.0
    assert f"saved session to {out_file}" in out


def test_run_from_a_session_file(tmp_path, capsys):
    path = tmp_path / "s.json"
    run_cli(capsys, "run", "--preset", "mazur", "--steps", "0", "--save", str(path))
    code, out, _ = run_cli(capsys, "run", "--session", str(path), "--steps", "2")
    assert code == 0 and "now at step 2" in out


def test_divergence_stops_the_run_and_names_the_parameter(capsys):
    code, out, _ = run_cli(
        capsys, "run", "--preset", "blobs", "--steps", "200", "--lr", "1e300"
    )
    assert code == 1
    assert "stopped at step" in out and "is not finite" in out


def test_divergence_saves_the_last_finite_state_quietly(tmp_path):
    """Issue 13, defects 7 and 12: ``run --save`` after a divergence crashed with
    a JSON traceback and saved nothing, and NumPy's RuntimeWarnings leaked."""
    import subprocess
    import sys

    saved = tmp_path / "s.json"
    result = subprocess.run(
        [sys.executable, "-W", "error::RuntimeWarning", "-m", "backprop_gui", "run"]
        + ["--preset", "blobs", "--steps", "200", "--lr", "1e300"]
        + ["--save", str(saved)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""  # no warnings, no traceback
    out = result.stdout
    assert "stopped at step 2: W1[1→1] is not finite" in out  # 1-based, as on screen
    assert (
        "saving the last state whose parameters and optimizer state are finite: step 1"
        in out
    )
    session = load_session(saved)
    assert session.step == 1 and session.params.all_finite()


def test_a_first_update_that_diverges_saves_step_0(tmp_path, capsys):
    """Found by a hostile probe: the loss summary's observer took the rewind
    back to step 0 (no forward pass there) for a forward phase and crashed with
    AttributeError, saving nothing."""
    session = tmp_path / "diverges.json"
    session.write_text(
        json.dumps(
            {
                "format": "backprop-gui-session",
                "version": 1,
                "layers": [1, 1],
                "activations": ["linear"],
                "loss": "mse",
                "bias_mode": "none",
                "weights": [[[1.0]]],
                "inputs": [[1000.0]],
                "targets": [[0.0]],
                "learning_rate": 1e303,
            }
        )
    )
    saved = tmp_path / "out.json"
    code, out, err = run_cli(
        capsys, "run", "--session", str(session), "--steps", "3", "--save", str(saved)
    )
    assert code == 1 and err == ""
    assert "loss before update 1: 1000000\n" in out  # mse: (1000 · 1 - 0)²
    assert "finite: step 0" in out
    assert load_session(saved).step == 0


def test_gradcheck_and_presets(capsys):
    code, out, _ = run_cli(capsys, "gradcheck", "--preset", "mazur")
    assert code == 0
    assert "W1  worst relative error" in out and ": ok tolerance 1e-06" in out
    code, out, _ = run_cli(capsys, "presets")
    assert code == 0 and out.splitlines()[0].startswith("mazur ")


@pytest.mark.parametrize(
    "argv,message",
    [
        (["run", "--preset", "nope"], "unknown preset 'nope'"),
        (["run", "--session", "/no/such/file.json"], "cannot read"),
        (["run", "--preset", "mazur", "--steps", "x"], "'x' is not a whole number"),
        (["run", "--preset", ""], "--preset: give a name"),
        (["run", "--session", ""], "--session: give a name"),
        (["run", "--preset", "mazur", "--data", ""], "--data: give a name"),
        (["run", "--preset", "mazur", "--lr", "0_5"], "'0_5' is not a number"),
        (["run", "--preset", "mazur", "--lr", "1e-400"], "it would become 0"),
        (["run", "--preset", "mazur", "--lr", "1" + "0" * 400], "401 characters"),
        (["run", "--preset", "mazur", "--steps", "\u0663"], "is not a whole number"),
        (
            ["run", "--preset", "mazur", "--steps", "9" * 5000],
            "'99999999999999999999…'",
        ),
        (["run", "--preset", "mazur", "--trace-every", "0"], "from 1 to"),
        (["gradcheck", "--preset", "mazur", "--tolerance", "nan"], "not a number"),
        (["gradcheck", "--preset", "mazur", "--tolerance", "-1"], "is negative"),
        (["frobnicate"], "unknown command 'frobnicate'"),
        (["missing.json"], "'missing.json': no such file"),
        (["--preset", "nope"], "unknown preset 'nope'"),
        (["run", "--preset", "mazur", "--save", "new\nline/x.json"], "new\\nline"),
        (["run", "--preset", "mazur", "--lr", "-1"], "learning rate must be"),
        (["run"], "one of the arguments --preset --session is required"),
        (["run", "--preset", "mazur", "--trace", "/no/dir/t.csv"], "cannot write"),
        (
            [
                "run",
                "--preset",
                "mazur",
                "--trace-quantities",
                "W,x",
                "--trace",
                "t.csv",
            ],
            "unknown trace quantities",
        ),
        (["--preset", "mazur", "s.json"], "not both"),
        # found by a hostile probe: without --trace these were ignored
        (
            ["run", "--preset", "mazur", "--trace-quantities", "W"],
            "--trace-quantities applies to a --trace FILE.csv",
        ),
        (
            ["run", "--preset", "mazur", "--trace-every", "3"],
            "--trace-every applies to a --trace FILE.csv",
        ),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(
    capsys, argv, message, tmp_path, monkeypatch
):
    monkeypatch.delenv("DISPLAY", raising=False)  # refused before any display
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("backprop-gui: error: ")
    assert message in err
    assert "Traceback" not in err and len(err) < 400


def test_bad_session_file_is_one_line(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "backprop-gui-session", "version": 1}))
    code, _, err = run_cli(capsys, "run", "--session", str(path))
    assert code == 2 and err == f'backprop-gui: error: {path}: missing key "layers"\n'


def test_module_entry_point_runs_without_qt(tmp_path):
    """`python -m backprop_gui run` works and never loads a Qt module."""
    code = (
        "import sys, runpy; sys.argv = ['backprop_gui', 'run', '--preset', 'mazur'];"
        "\ntry: runpy.run_module('backprop_gui', run_name='__main__')"
        "\nexcept SystemExit as e: code = e.code"
        "\nqt = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'pyqtgraph', 'PyQt5', 'PyQt6'))"
        "\nprint('QT', qt, 'EXIT', code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert "QT [] EXIT 0" in result.stdout, result.stdout + result.stderr
    assert "mazur: 1 update(s)" in result.stdout


def test_long_runs_show_progress(monkeypatch, capsys):
    from backprop_gui import cli_output

    clock = iter(range(0, 10_000, 2))  # two seconds pass between readings
    monkeypatch.setattr(cli_output.time, "monotonic", lambda: next(clock))
    code = main(["run", "--preset", "mazur", "--steps", "3000"])
    _, err = capsys.readouterr()
    assert code == 0
    lines = [line for line in err.splitlines() if line.startswith("step ")]
    assert lines and lines[-1].startswith("step 3000/3000 (100%)  loss ")


def test_a_long_gradient_check_shows_progress_and_suggests_sampling(
    monkeypatch, capsys
):
    from backprop_gui import cli_output
    from backprop_gui.core.debugger import gradcheck

    clock = iter(range(0, 100_000, 2))
    monkeypatch.setattr(cli_output.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(gradcheck, "SAMPLE_SUGGESTED_ABOVE", 100)
    code, out, err = run_cli(capsys, "gradcheck", "--preset", "spirals")
    assert code == 0
    assert "checking all 697 parameters" in err and "--sample N" in err
    lines = [line for line in err.splitlines() if line.startswith("parameter ")]
    assert len(lines) >= 2 and all("/697 (" in line for line in lines)


def test_a_sampled_gradient_check_is_repeatable_and_names_its_sample(capsys):
    argv = ["gradcheck", "--preset", "spirals", "--sample", "40", "--seed", "7"]
    code, out, err = run_cli(capsys, *argv)
    assert code == 0 and err == ""
    assert "a random sample of 40 of 697 parameters, seed 7" in out
    assert run_cli(capsys, *argv)[1] == out  # the same sample again


def test_control_characters_in_a_session_name_are_shown_escaped(tmp_path, capsys):
    session = load_preset("xor")
    session.name = "n\x1b[2Jame\n"

    save_session(session, tmp_path / "s.json")
    code, out, _ = run_cli(capsys, "run", "--session", str(tmp_path / "s.json"))
    assert code == 0 and out.startswith("n\\x1b[2Jame\\n: 1 update(s)")


def test_an_empty_trace_quantity_list_is_refused(capsys, tmp_path):
    argv = ["run", "--preset", "xor", "--trace", str(tmp_path / "t.csv")]
    for empty in (",", ""):  # "" was taken for every quantity (hostile probe)
        code, _, err = run_cli(capsys, *argv, "--trace-quantities", empty)
        assert code == 2 and "no trace quantities given" in err


def test_a_run_may_not_pass_the_step_limit(tmp_path, capsys):
    from backprop_gui.core import load_preset, save_session
    from backprop_gui.core.engine.limits import MAX_STEP

    session = load_preset("xor")
    session.step = MAX_STEP - 1
    save_session(session, tmp_path / "s.json")
    code, out, err = run_cli(
        capsys, "run", "--session", str(tmp_path / "s.json"), "--steps", "2"
    )
    assert code == 2 and out == "" and "would pass the limit" in err
    code, out, err = run_cli(
        capsys, "run", "--session", str(tmp_path / "s.json"), "--steps", "1"
    )
    assert code == 0, err


def test_help_names_the_commands_and_version_answers(capsys):
    """Found in a real-window trial: --help named no command, and --version
    was an error."""
    from backprop_gui import __version__
    from backprop_gui.cli_arguments import SUBCOMMANDS

    for flag in ("--help", "--version"):
        with pytest.raises(SystemExit) as stop:
            main([flag])
        assert stop.value.code == 0
    out = capsys.readouterr().out
    assert all(f"\n  {name} " in out for name in SUBCOMMANDS)
    assert out.rstrip().endswith(f"backprop-gui {__version__}")
