"""One rule for names a user types or uploads (baselines, municipalities, sites, scenarios).

:func:`normalise_name` returns the name as it is stored and shown, or raises
:class:`InvalidNameError` (bokmål and English message naming the character and the fix):

1. Unicode NFKC: full-width, ligature and "mathematical" letters become plain letters
   (``ｄｅｍｏ`` → ``demo``, ``𝐝𝐞𝐦𝐨`` → ``demo``), no-break spaces become spaces;
2. invisible characters are removed: format characters (zero-width space/joiners, soft
   hyphen, byte-order mark, direction marks and overrides, word joiner, tags), variation
   selectors, the combining grapheme joiner and Hangul fillers; control characters such as
   tab and newline become spaces; runs of spaces become one; the ends are trimmed;
3. characters that cannot be shown (private use, unassigned, surrogates) are refused;
4. letters from two of the look-alike scripts (Latin, Cyrillic, Greek, Armenian, Cherokee,
   Coptic) in one name are refused (``dеmo`` with a Cyrillic ``е``), and so is a name written
   only in Cyrillic/Greek letters that all look like Latin ones (``ԁеmо``);
5. the length (after 1–3) must be within ``min_len``..``max_len``.

:func:`name_key` gives the key two names are compared by (same key = the same name to a
reader): the normalised name, case-folded, with look-alike letters mapped to Latin. Use it
for "does this name already exist" checks (saved scenarios, workspaces, baselines).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from storage.errors import StoreValidationError

#: Scripts whose letters imitate each other; two of them in one name are refused.
CONFUSABLE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC"})

#: Cyrillic and Greek letters that look like a Latin letter (lower case; upper case is
#: mapped through ``casefold``). Only letters that are drawn the same, so that a real
#: Russian or Greek name (``Москва``) is not taken for an imitation.
LOOKALIKES: dict[str, str] = {
    # Cyrillic lower-case letters drawn like a Latin letter in common fonts
    "а": "a",
    "с": "c",
    "ԁ": "d",
    "е": "e",
    "һ": "h",
    "і": "i",
    "ј": "j",
    "ӏ": "l",
    "о": "o",
    "р": "p",
    "ԛ": "q",
    "ѕ": "s",
    "ԝ": "w",
    "х": "x",
    "у": "y",
    # Greek
    "ο": "o",
    "ν": "v",
    "ρ": "p",
}

_INVISIBLE_EXTRA = frozenset(
    {
        "\u034f",  # combining grapheme joiner
        "\u115f",  # Hangul choseong filler
        "\u1160",  # Hangul jungseong filler
        "\u3164",  # Hangul filler
        "\uffa0",  # half-width Hangul filler
        "\u2800",  # Braille blank (renders empty)
    }
)
_SPACES = re.compile(r"\s+")


class InvalidNameError(StoreValidationError):
    """A name that cannot be accepted; ``message(lang)`` says why and what to do."""

    def __init__(self, message_nb: str, message_en: str, *, value: str = "") -> None:
        super().__init__(message_nb, message_en)
        self.value = value


@lru_cache(maxsize=4096)
def _is_invisible(ch: str) -> bool:
    cat = unicodedata.category(ch)
    if cat == "Cf" or ch in _INVISIBLE_EXTRA:
        return True
    cp = ord(ch)
    return 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF  # variation selectors


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    """'LATIN', 'CYRILLIC', … for a letter; '' for digits, punctuation and spaces."""
    if not unicodedata.category(ch).startswith("L"):
        return ""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return ""
    first = name.split(" ", 1)[0]
    if first in ("MODIFIER", "FULLWIDTH", "HALFWIDTH", "MATHEMATICAL"):
        return ""
    return first


def clean_text(text: str) -> str:
    """NFKC, invisible characters removed, whitespace collapsed, trimmed (no checks)."""
    text = str(text)
    if text.isascii() and text.isprintable():
        return _SPACES.sub(" ", text).strip()  # fast path: nothing to normalise or remove
    text = unicodedata.normalize("NFKC", text)
    text = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch for ch in text if not _is_invisible(ch)
    )
    return _SPACES.sub(" ", text).strip()


def _show(ch: str) -> str:
    try:
        return f"U+{ord(ch):04X} {unicodedata.name(ch)}"
    except ValueError:
        return f"U+{ord(ch):04X}"


def normalise_name(
    text: str,
    *,
    what_nb: str = "Navnet",
    what_en: str = "The name",
    max_len: int = 120,
    min_len: int = 1,
) -> str:
    """The name as stored, or :class:`InvalidNameError` (see the module docstring)."""
    if not isinstance(text, str):
        raise InvalidNameError(f"{what_nb} må være tekst.", f"{what_en} must be text.")
    name = clean_text(text)
    if name.isascii():  # plain ASCII: one script, nothing invisible
        _check_length(name, what_nb, what_en, min_len, max_len)
        return name
    for ch in name:
        if unicodedata.category(ch) in ("Co", "Cn", "Cs"):
            raise InvalidNameError(
                f"{what_nb} inneholder et tegn som ikke kan vises ({_show(ch)}). "
                "Skriv navnet på nytt med vanlige bokstaver.",
                f"{what_en} contains a character that cannot be shown ({_show(ch)}). "
                "Retype the name with ordinary letters.",
                value=name,
            )
    scripts: dict[str, str] = {}
    for ch in name:
        s = script_of(ch)
        if s in CONFUSABLE_SCRIPTS:
            scripts.setdefault(s, ch)
    if len(scripts) > 1:
        main = "LATIN" if "LATIN" in scripts else sorted(scripts)[0]
        odd = next(s for s in sorted(scripts) if s != main)
        ch = scripts[odd]
        raise InvalidNameError(
            f"{what_nb} «{name}» blander bokstaver fra ulike alfabeter ({main.title()} og "
            f"{odd.title()}: «{ch}» er {_show(ch)}), slik at det kan ligne et annet navn. "
            "Skriv navnet på nytt med bokstaver fra ett alfabet.",
            f"{what_en} '{name}' mixes letters from different scripts ({main.title()} and "
            f"{odd.title()}: '{ch}' is {_show(ch)}), so it can imitate another name. "
            "Retype the name with letters from one script.",
            value=name,
        )
    letters = [ch for ch in name.casefold() if script_of(ch)]
    if (
        letters
        and set(scripts) <= {"CYRILLIC", "GREEK"}
        and scripts
        and all(ch in LOOKALIKES for ch in letters)
    ):
        latin = "".join(LOOKALIKES.get(ch, ch) for ch in name.casefold())
        raise InvalidNameError(
            f"{what_nb} «{name}» er skrevet med bokstaver som ser latinske ut, men ikke er det "
            f"(det ligner «{latin}»). Skriv navnet med vanlige latinske bokstaver.",
            f"{what_en} '{name}' is written with letters that look Latin but are not (it "
            f"looks like '{latin}'). Retype the name with ordinary Latin letters.",
            value=name,
        )
    _check_length(name, what_nb, what_en, min_len, max_len)
    return name


def _check_length(name: str, what_nb: str, what_en: str, min_len: int, max_len: int) -> None:
    if len(name) < min_len:
        raise InvalidNameError(
            f"{what_nb} kan ikke være tomt."
            if min_len <= 1
            else f"{what_nb} må ha minst {min_len} tegn.",
            f"{what_en} must not be empty."
            if min_len <= 1
            else f"{what_en} must have at least {min_len} characters.",
            value=name,
        )
    if len(name) > max_len:
        raise InvalidNameError(
            f"{what_nb} er for langt ({len(name)} tegn); høyst {max_len} tegn.",
            f"{what_en} is too long ({len(name)} characters); at most {max_len}.",
            value=name[:max_len],
        )


def name_key(text: str) -> str:
    """Comparison key: two names with the same key read as the same name."""
    name = clean_text(text).casefold()
    return "".join(LOOKALIKES.get(ch, ch) for ch in name)
