"""Norwegian number formats on the server (babel): ``38,8 mill. kr``, ``1 846``."""

from __future__ import annotations

import math
from functools import lru_cache

from babel.numbers import format_decimal

from ui.i18n import lang
from ui.units import unit_en

NBSP = "\u00a0"


def _loc() -> str:
    return "en_GB" if lang() == "en" else "nb_NO"


def num(x: float | None, decimals: int = 0) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return _num(x, decimals, _loc())


@lru_cache(maxsize=16_384)
def _num(x: float, decimals: int, loc: str) -> str:
    """Babel's formatting, remembered: a rerun shows mostly the figures of the last one."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    if round(float(x), decimals) == 0:
        x = 0.0  # never show "-0,0"
    out = format_decimal(x, format=pattern, locale=loc)
    return out.replace("\u202f", NBSP).replace("−", "-")


def mnok(x: float | None, decimals: int = 1) -> str:
    """Million NOK: '38,8 mill. kr' (nb) / 'NOK 38.8m' (en)."""
    if x is None:
        return "–"
    v = num(x / 1e6, decimals)
    return f"NOK{NBSP}{v}m" if lang() == "en" else f"{v}{NBSP}mill.{NBSP}kr"


def nok(x: float | None) -> str:
    if x is None:
        return "–"
    return f"NOK{NBSP}{num(x)}" if lang() == "en" else f"{num(x)}{NBSP}kr"


def fte(x: float | None, decimals: int = 1) -> str:
    if x is None:
        return "–"
    return f"{num(x, decimals)}{NBSP}" + ("FTE" if lang() == "en" else "årsverk")


def pct(x: float | None, decimals: int = 1) -> str:
    """A share (0.163) as a percentage: '16,3 %'."""
    if x is None:
        return "–"
    return f"{num(x * 100, decimals)}{NBSP}%"


def signed_mnok(x: float) -> str:
    """A change in MNOK with its sign first: '+1,2 mill. kr', '-6,5 mill. kr', and in
    English '-NOK 6.5m' (not 'NOK -6.5m'): ``st.metric`` reads a delta's direction, and
    so its arrow and colour, from the leading sign."""
    s = mnok(x)
    if s.startswith(f"NOK{NBSP}-"):
        return "-" + s.replace(f"NOK{NBSP}-", f"NOK{NBSP}", 1)
    return ("+" + s) if x > 0 else s


def unit(u: str) -> str:
    """A unit from the data (written in bokmål) in the UI's language: 'kr/år' / 'NOK/year'."""
    return unit_en(u) if lang() == "en" else u


def param_value(value: float, unit_: str) -> str:
    """A parameter value in its unit (in the UI's language), with sensible decimals."""
    if unit_ in ("andel", "andel/år"):
        return pct(value, 1)
    u = unit(unit_)
    if abs(value) >= 1000 or float(value).is_integer():
        return f"{num(value)} {u}"
    return f"{num(value, 2)} {u}"
