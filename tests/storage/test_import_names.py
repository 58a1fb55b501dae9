"""storage.names: one rule for every name a user types or uploads."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.errors import StoreValidationError
from storage.names import InvalidNameError, clean_text, name_key, normalise_name


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("demo\u200b", "demo"),  # zero-width space
        ("\ufeffdemo", "demo"),  # byte-order mark
        ("de\u00admo", "demo"),  # soft hyphen
        ("de\u2060mo\u200d", "demo"),  # word joiner, zero-width joiner
        ("\u202edemo\u202c", "demo"),  # right-to-left override
        ("de\ufe0fmo", "demo"),  # variation selector
        ("ｄｅｍｏ", "demo"),  # full-width (NFKC)
        ("𝐝𝐞𝐦𝐨", "demo"),  # mathematical bold (NFKC)
        ("  Alver\u00a0\u00a0kommune \t\n", "Alver kommune"),  # no-break spaces, tab, newline
        ("Ålesund", "Ålesund"),
        ("Kárášjohka", "Kárášjohka"),  # Sámi letters are Latin
        ("Москва", "Москва"),  # a real Cyrillic name is not an imitation
        ("Alver 2020 (PwC) – v2", "Alver 2020 (PwC) – v2"),
    ],
)
def test_normalised(raw: str, stored: str) -> None:
    assert normalise_name(raw) == stored


@pytest.mark.parametrize(
    ("raw", "nb", "en"),
    [
        ("d\u0435mo", "blander bokstaver fra ulike alfabeter (Latin og Cyrillic", "mixes letters"),
        ("\u0391lver", "blander bokstaver fra ulike alfabeter (Latin og Greek", "one script"),
        (
            "\u0441\u043e\u0441\u043e",
            "ser latinske ut, men ikke er det (det ligner «coco»)",
            "look",
        ),
        ("x\ue000", "tegn som ikke kan vises (U+E000)", "cannot be shown"),
        ("\u200b \u200b", "kan ikke være tomt", "must not be empty"),
        ("a" * 121, "for langt (121 tegn); høyst 120 tegn", "too long"),
    ],
)
def test_refused_with_a_message_saying_why_and_what_to_do(raw: str, nb: str, en: str) -> None:
    with pytest.raises(InvalidNameError) as info:
        normalise_name(raw)
    assert nb in info.value.message_nb
    assert en in info.value.message_en
    assert isinstance(info.value, StoreValidationError)  # the store's error handling applies


def test_what_and_lengths_are_the_callers() -> None:
    with pytest.raises(InvalidNameError) as info:
        normalise_name("abc", what_nb="Scenarionavnet", what_en="The scenario name", min_len=5)
    assert info.value.message_nb == "Scenarionavnet må ha minst 5 tegn."
    assert normalise_name("", min_len=0) == ""


def test_name_key_makes_lookalikes_equal() -> None:
    assert name_key("Demo") == name_key("demo\u200b") == name_key("DEMO") == name_key("ｄｅｍｏ")
    assert name_key("d\u0435mo") == name_key("demo")  # for "already exists" checks
    assert name_key("Alver") != name_key("Alver 2")


@given(st.text(max_size=60))
def test_normalising_is_idempotent_and_never_raises_anything_else(raw: str) -> None:
    try:
        once = normalise_name(raw)
    except InvalidNameError:
        return
    assert normalise_name(once) == once
    assert once == once.strip() and "  " not in once
    assert clean_text(once) == once
