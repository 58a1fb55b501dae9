"""The one way data or user text reaches Markdown: :func:`md`.

Streamlit renders Markdown in ``st.markdown``/``caption``/``info``/``warning``/``error``/
``success``/``toast``, in metric labels, values and deltas, in widget and expander labels and
in ``help`` tooltips. Text that comes from a data file, an imported workbook, a saved
scenario or a link (municipality and site names, scenario names and descriptions,
custom-measure labels, override keys, model warnings quoting those) must go through
:func:`md` before it is put into any of them, so that it shows as the plain characters
it is: no link, image, emphasis, heading, list, table, colour or icon directive
(``:red[…]``, ``:material/…:``), emoji short code, LaTeX (``$…$``), HTML tag or entity, and
no bare URL or e-mail address turned into a link.

``tests/test_house_rules.py`` checks that every such call on non-literal text goes through
this helper, and that no other ``md`` is defined.
"""

from __future__ import annotations

import re

#: Characters that Markdown, GFM, Streamlit's directives (``:red[…]``, ``:material/…:``,
#: emoji short codes) or remark-math give a meaning anywhere in a line. A backslash
#: before ASCII punctuation is always a literal character in CommonMark.
_MD_INLINE = re.compile(r"([\\`*_\[\]!<>~$:&@|])")
#: Characters that mean something only at the start of a line, before a space or a repeat
#: (lists "- ", headings "# ", rules "---", setext underlines "==", ordered lists "1. "):
#: escaped there.
_MD_LEADING = re.compile(r"^([-+=#])(?=\s|$|\1)|^(\d{1,9})([.)])(?=\s|$)")
#: Streamlit links bare URLs, ``www.`` names and e-mail addresses, and turns
#: ``:material/…:`` into icons, in the *text* after escapes are resolved, so a backslash
#: does not stop them: an invisible WORD JOINER after every ``:`` and ``@`` and inside
#: ``www.`` does (the text reads and copies the same apart from that character).
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(\\:|\\@|www(?=\.))")

#: Characters that are invisible or reorder text (zero-width, bidi controls): dropped.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

#: Longest text shown from data in one place; the rest is cut with "…".
MAX_CHARS = 2_000


def md(text: object, *, max_chars: int = MAX_CHARS) -> str:
    """``text`` as literal characters inside Markdown, on one line, at most ``max_chars``."""
    flat = " ".join(_INVISIBLE.sub("", str(text)).split())
    if len(flat) > max_chars:
        flat = flat[: max_chars - 1] + "…"
    out = _MD_INLINE.sub(r"\\\1", flat)
    out = _MD_LEADING.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), out
    )
    return _AUTOLINK.sub(lambda m: m.group(1) + WORD_JOINER, out)
