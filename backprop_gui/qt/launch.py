"""Start the desktop app, or explain clearly why it cannot start.

Qt aborts the whole process (``qt.qpa.plugin: Could not load the Qt platform plugin
"xcb"``) when there is no display or a system library of its xcb plugin is missing.
Before Qt is touched this module checks both and prints one line that says what is
missing and how to get it.
"""

from __future__ import annotations

import ctypes
import os
import sys

#: Libraries the Qt xcb platform plugin loads, and the Debian/Ubuntu packages
#: that provide them.
XCB_LIBRARIES = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
}
HEADLESS_PLATFORMS = {"offscreen", "minimal", "vnc", "linuxfb", "eglfs"}


def missing_xcb_libraries() -> list[str]:
    missing = []
    for name in XCB_LIBRARIES:
        try:
            ctypes.CDLL(name)
        except OSError:
            missing.append(name)
    return missing


def _x_server_reachable(display: str) -> bool:
    libxcb = ctypes.CDLL("libxcb.so.1")
    libxcb.xcb_connect.restype = ctypes.c_void_p
    libxcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    libxcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    libxcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = libxcb.xcb_connect(display.encode(), None)
    try:
        return (
            connection is not None and libxcb.xcb_connection_has_error(connection) == 0
        )
    finally:
        if connection is not None:
            libxcb.xcb_disconnect(connection)


def display_problem(environ=os.environ, platform: str = sys.platform) -> str | None:
    """Why the Qt window cannot open here, or None if it can."""
    if not platform.startswith("linux"):
        return None
    requested = environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if requested in HEADLESS_PLATFORMS or requested == "wayland":
        return None
    display = environ.get("DISPLAY", "")
    if not display:
        if environ.get("WAYLAND_DISPLAY"):
            return None
        return (
            "no display: DISPLAY is not set. Start backprop-gui from a desktop "
            "session or under a virtual display (xvfb-run backprop-gui); "
            "to train without a window use 'backprop-gui run'"
        )
    missing = missing_xcb_libraries()
    if missing:
        packages = " ".join(sorted({XCB_LIBRARIES[m] for m in missing}))
        return (
            f"Qt's xcb display plugin needs system libraries that are missing "
            f"({', '.join(missing)}); on Debian/Ubuntu: sudo apt install {packages}"
        )
    if not _x_server_reachable(display):
        return f"cannot connect to the X display {display!r} (is the X server running?)"
    return None


def launch(preset: str | None = None, session_path: str | None = None) -> int:
    problem = display_problem()
    if problem:
        print(f"backprop-gui: error: {problem}", file=sys.stderr)
        return 2
    try:
        from .app import run_app
    except ImportError as exc:
        print(
            f"backprop-gui: error: Qt could not be loaded ({exc}); "
            "reinstall with: pip install .",
            file=sys.stderr,
        )
        return 2
    return run_app(preset=preset, session_path=session_path)
