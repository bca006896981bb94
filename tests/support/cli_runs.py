"""Running the command line in the test process."""

from backprop_gui.cli import main


def run_cli(capsys, *argv):
    """``(exit code, stdout, stderr)`` of ``backprop-gui ARGV``."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
