"""A worked example as a document: sections of text and equations, written out as
Markdown, self-contained HTML (prints well, no network access) or LaTeX (compiles
with a plain ``pdflatex``).

Equations are plain Unicode lines (``z_h1 = 0.15 × 0.05 + 0.2 × 0.1 + 0.35 =
0.3775``). LaTeX gets them as text with each symbol in inline math, so any line
compiles without packages beyond the standard ones.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass, field


@dataclass
class Section:
    title: str
    #: Prose before the equations.
    text: list[str] = field(default_factory=list)
    #: ``(caption, lines)`` groups: a caption (may be empty) and its equations.
    groups: list[tuple[str, list[str]]] = field(default_factory=list)
    #: Notes after the equations (what a summary left out), each once.
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


@dataclass
class Document:
    title: str
    intro: list[str]
    sections: list[Section]


def to_markdown(doc: Document) -> str:
    out = [f"# {doc.title}", "", *[p + "\n" for p in doc.intro]]
    for section in doc.sections:
        out += [f"## {section.title}", ""]
        out += [p + "\n" for p in section.text]
        for caption, lines in section.groups:
            if caption:
                out += [f"**{caption}**", ""]
            out += ["```", *lines, "```", ""]
        out += [f"*{note}*\n" for note in section.notes]
    return "\n".join(out).rstrip() + "\n"


CSS = """body { font-family: sans-serif; max-width: 60em; margin: 2em auto;
  line-height: 1.45; color: #111; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em;
  border-bottom: 1px solid #ccc; }
pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: 0.92em; background: #f6f6f6; padding: 0.6em 0.8em;
  white-space: pre-wrap; border-radius: 4px; }
@media print { body { margin: 0; max-width: none; } pre { background: none;
  border: 1px solid #ccc; } h2 { break-after: avoid; } pre { break-inside: avoid; } }
"""


def to_html(doc: Document) -> str:
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(doc.title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{e(doc.title)}</h1>",
        *[f"<p>{e(p)}</p>" for p in doc.intro],
    ]
    for section in doc.sections:
        out.append(f"<h2>{e(section.title)}</h2>")
        out += [f"<p>{e(p)}</p>" for p in section.text]
        for caption, lines in section.groups:
            if caption:
                out.append(f"<p><b>{e(caption)}</b></p>")
            out.append("<pre>" + "\n".join(e(line) for line in lines) + "</pre>")
        out += [f"<p><i>{e(note)}</i></p>" for note in section.notes]
    out.append("</body></html>")
    return "\n".join(out) + "\n"


#: Unicode symbols of the equations and their LaTeX (inline math unless noted).
LATEX_SYMBOLS = {
    "×": r"\times", "·": r"\cdot", "−": "-", "←": r"\leftarrow", "→": r"\to",
    "δ": r"\delta", "Σ": r"\Sigma", "√": r"\surd", "²": "^2", "σ": r"\sigma",
    "α": r"\alpha", "β": r"\beta", "ε": r"\varepsilon", "λ": r"\lambda",
    "μ": r"\mu", "≈": r"\approx", "…": r"\ldots", "θ": r"\theta",
    "ŷ": r"\hat{y}", "½": r"\frac{1}{2}", "∂": r"\partial", "≤": r"\leq",
    "≥": r"\geq",
}  # fmt: skip
_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
    "#": r"\#", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}  # fmt: skip


def latex_text(text: str) -> str:
    """``text`` for LaTeX: specials escaped, symbols as inline math, a letter
    with a combining hat as ``\\hat``; anything else outside ASCII dropped to
    its base letter (``pdflatex`` reads only what its fonts know)."""
    out = []
    chars = list(text)
    k = 0
    while k < len(chars):
        c = chars[k]
        following = chars[k + 1] if k + 1 < len(chars) else ""
        if following == "\u0302":  # m̂, v̂: a combining circumflex
            out.append(f"$\\hat{{{c}}}$")
            k += 2
            continue
        if c in LATEX_SYMBOLS:
            out.append(f"${LATEX_SYMBOLS[c]}$")
        elif c in _TEXT_ESCAPES:
            out.append(_TEXT_ESCAPES[c])
        elif ord(c) < 128:
            out.append(c)
        else:
            base = unicodedata.normalize("NFKD", c).encode("ascii", "ignore")
            out.append(base.decode() or "?")
        k += 1
    return "".join(out).replace("$$", "")


def to_latex(doc: Document) -> str:
    out = [
        r"\documentclass[10pt]{article}",
        r"\addtolength{\oddsidemargin}{-1.5cm}",
        r"\addtolength{\textwidth}{3cm}",
        r"\addtolength{\topmargin}{-1.5cm}",
        r"\addtolength{\textheight}{3cm}",
        r"\setlength{\parindent}{0pt}",
        r"\setlength{\parskip}{0.5em}",
        r"\begin{document}",
        rf"\section*{{{latex_text(doc.title)}}}",
        *[latex_text(p) + "\n" for p in doc.intro],
    ]
    for section in doc.sections:
        out.append(rf"\subsection*{{{latex_text(section.title)}}}")
        out += [latex_text(p) + "\n" for p in section.text]
        for caption, lines in section.groups:
            if caption:
                out.append(rf"\textbf{{{latex_text(caption)}}}" + "\n")
            out.append(r"{\small\ttfamily\raggedright")
            out += [latex_text(line) + r"\\" for line in lines]
            out.append("}\n")
        out += [rf"\textit{{{latex_text(note)}}}" + "\n" for note in section.notes]
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


WRITERS = {".md": to_markdown, ".html": to_html, ".htm": to_html, ".tex": to_latex}


def write_document(doc: Document, path) -> None:
    """Write ``doc`` in the format of ``path``'s suffix, atomically."""
    from pathlib import Path

    from .atomic_write import atomic_write

    suffix = Path(path).suffix.lower()
    if suffix not in WRITERS:
        raise ValueError(f"{path}: name a .md, .html or .tex file")
    text = WRITERS[suffix](doc)
    with atomic_write(path) as handle:
        handle.write(text)
