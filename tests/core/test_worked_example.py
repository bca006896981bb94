"""The worked example: seed 004's numbers on mazur, every format, summaries of
large layers, and LaTeX that compiles."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from cli_runs import run_cli

from backprop_gui.core import load_preset
from backprop_gui.core.debugger.worked_example import worked_example
from backprop_gui.core.io.worked_document import to_html, to_latex, to_markdown

#: seed 004's printed output (12 decimals): outputs, loss, deltas, new parameters
SEED_004 = [
    0.751365069552, 0.772928465321, 0.298371108760, 0.138498561629,
    -0.038098236517, 0.008771354689, 0.009954254705, 0.149780716133,
    0.249751143632, 0.199561432266, 0.299502287265, 0.340637195303,
    0.358916479718, 0.511301270239, 0.408666186076, 0.561370121108,
    0.549799837444,
]  # fmt: skip
NUMBER = re.compile(r"-?\d+\.\d+(?:e-?\d+)?")


def test_mazur_reproduces_seed_004(tmp_path):
    text = to_markdown(worked_example(load_preset("mazur")))
    shown = {round(float(x), 12) for x in NUMBER.findall(text)}
    missing = [x for x in SEED_004 if round(x, 12) not in shown]
    assert missing == []
    assert "z = Σ_i a_i w_ij + b = 0.05 × 0.15 + 0.1 × 0.2 + 0.35 = 0.3775" in text
    assert "w ← w − lr·g = 0.4 − 0.5 × 0.0821670405642 = 0.358916479718" in text


def test_every_format_holds_every_equation():
    doc = worked_example(load_preset("adam-xor"), step=3)
    equations = [line for _, lines in doc.sections[0].groups for line in lines]
    html = to_html(doc)
    assert "http" not in html and "<script" not in html and "src=" not in html
    assert "@media print" in html
    for line in equations:
        assert line in to_markdown(doc)
    assert "Update 3 of W1[1→1]: Adam" in to_markdown(doc)
    latex = to_latex(doc)
    assert latex.isascii() and r"$\hat{m}$" in latex


def test_large_layers_are_summarised():
    doc = worked_example(load_preset("spirals"))
    text = to_markdown(doc)
    assert "(and 20 more neurons, left out)" in text  # 24 neurons, 4 shown
    assert "(and 568 more parameters, left out)" in text  # W2: 24×24, 8 shown
    assert "Shown for sample 1; the other 199 sample(s)" in text
    assert len(text) < 200_000


def test_an_update_that_has_run_is_refused():
    session = load_preset("mazur")
    session.step = 4
    with pytest.raises(ValueError, match="update 3 has run already"):
        worked_example(session, 3)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no pdflatex here")
@pytest.mark.parametrize("preset", ["mazur", "adam-xor", "blobs"])
def test_the_latex_compiles_with_plain_pdflatex(tmp_path, preset):
    tex = tmp_path / "example.tex"
    tex.write_text(to_latex(worked_example(load_preset(preset))))
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "example.pdf").read_bytes().startswith(b"%PDF")


def test_the_command_line(tmp_path, capsys):
    for suffix in (".md", ".html", ".tex"):
        out = tmp_path / f"m{suffix}"
        code, text, err = run_cli(
            capsys, "worked-example", "--preset", "mazur", "-o", str(out)
        )
        assert code == 0, err
        assert "0.358916479718" in out.read_text()
    code, text, err = run_cli(
        capsys, "worked-example", "--preset", "mazur", "-o", str(tmp_path / "m.pdf")
    )
    assert code == 2 and "name a .md, .html or .tex file" in err
