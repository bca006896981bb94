"""Text from a file or a command line, fit to quote in a one-line message."""

from __future__ import annotations


def one_line(text: str, width: int | None = None) -> str:
    """``text`` with line breaks and other control characters shown as escapes
    (``\\n``, ``\\x1b``) and characters that cannot be encoded (lone surrogates) as
    ``\\udXXX``, so a message that quotes it stays one line; cut to ``width``
    characters (with "…") when given."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    text = "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode()
        for ch in text
    )
    if width is not None and len(text) > width:
        return text[:width] + "…"
    return text
