"""The core stays pure: importing it (and everything in it) loads no Qt module."""

import pkgutil
import subprocess
import sys

import backprop_gui.core


def test_importing_every_core_module_loads_no_qt(tmp_path):
    modules = [
        m.name
        for m in pkgutil.walk_packages(
            backprop_gui.core.__path__, prefix="backprop_gui.core."
        )
    ]
    assert "backprop_gui.core.debugger.trainer" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import backprop_gui.cli\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'pyqtgraph', 'PyQt5', 'PyQt6')))"
    )
    result = subprocess.run(  # from elsewhere: the installed package, not ./
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_core_sources_do_not_mention_qt_imports():
    from pathlib import Path

    for path in Path(backprop_gui.core.__file__).parent.rglob("*.py"):
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")):
                assert "PySide" not in stripped and "pyqtgraph" not in stripped, path
