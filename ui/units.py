"""The baselines' units (written in bokmål in the data) in English: ``kr/beboer/år`` →
``NOK/resident/year``. Pure (no Streamlit): the app (``ui.fmt.unit``) and the Word report
use the same words."""

from __future__ import annotations

#: unit words of the shipped and imported baselines; a word not listed is shown as it is
UNIT_WORDS_EN = {
    "kr": "NOK",
    "år": "year",
    "ansatt": "employee",
    "ansatte": "employees",
    "beboer": "resident",
    "beboere": "residents",
    "enhet": "unit",
    "plass": "place",
    "plasser": "places",
    "time": "hour",
    "timer": "hours",
    "årsverk": "FTE",
    "netter": "nights",
    "uke": "week",
    "andel": "share",
    "lokasjoner": "sites",
    "personer": "persons",
    "ja=1": "yes=1",
    "nei=0": "no=0",
}


def unit_en(unit: str) -> str:
    """'kr/beboer/år' -> 'NOK/resident/year'; 'ja=1/nei=0' -> 'yes=1/no=0'."""
    return "/".join(UNIT_WORDS_EN.get(part, part) for part in unit.split("/"))
