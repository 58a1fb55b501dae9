"""Levels and the three kinds of money (issue 8, item 4): (a) a cut against today's
budget, (b) cost avoided against the baseline projection (population growth) and (c) the
change in state refund; net = (a) + (b) + (c).

* today's level, part by part: night watch (the night step 0 totals), departments (users ×
  gross cost per user), nursing homes (places × own or standard cost per place) and 24/7
  housing (residents × FTE per resident × cost per nursing FTE); refund at today's costs;
* the scenario's level: today's level less each measure's cut (a), in the part the measure
  comes out of (:data:`PART_OF`); refund after the measures;
* the explanation line a measure gets when part of it is avoided cost, when it changes the
  refund, or when it raises cost against today's budget (:func:`explain`).
"""

from __future__ import annotations

import numpy as np

from model.baseline import Baseline
from model.measures.core import Core, scalar
from model.result import Level, LevelPart, MeasureResult, NightTotals, unvalidated
from model.structure import Structure

#: which level part a measure's cut comes out of
PART_OF: dict[str, str] = {
    "night_arrangement": "night",
    "colocation": "night",
    "ambulant_team": "night",
    "digital_supervision": "night",
    "overtime": "departments",
    "substitutes": "departments",
    "competence_level": "departments",
    "rota_hours": "departments",
    "decided_hours": "departments",
    "coverage_rate": "nursing_homes",
    "close_homes": "nursing_homes",
    "staffing_norm": "nursing_homes",
    "hdo_ratio": "hdo",
}


def _mnok_nb(x: float) -> str:
    return f"{x / 1e6:.1f}".replace(".", ",").replace("-", "−")


def explain(mid: str, cut: float, avoided: float, refund_change: float) -> tuple[str, str]:
    """The measure's explanation line (bokmål, English); empty when there is nothing to say."""
    nb: list[str] = []
    en: list[str] = []
    if abs(avoided) > 0.5:
        nb.append(
            f"{_mnok_nb(avoided)} mill. kr er unngått kostnad mot en framskriving med "
            "befolkningsvekst, ikke et kutt i dagens budsjett."
        )
        en.append(
            f"NOK {avoided / 1e6:.1f} million is cost avoided against a projection with "
            "population growth, not a cut in today's budget."
        )
    if refund_change > 0.5:
        nb.append(
            f"Tiltaket øker statlig refusjon med {_mnok_nb(refund_change)} mill. kr, så netto "
            "er høyere enn brutto (kostnaden per bruker stiger over innslagspunktet)."
        )
        en.append(
            f"The measure raises the state refund by NOK {refund_change / 1e6:.1f} million, so "
            "net exceeds gross (the cost per user rises above the threshold)."
        )
    elif refund_change < -0.5:
        nb.append(
            f"{_mnok_nb(-refund_change)} mill. kr av besparelsen går tapt i lavere statlig "
            "refusjon for ressurskrevende brukere."
        )
        en.append(
            f"NOK {-refund_change / 1e6:.1f} million of the saving is lost as a lower state "
            "refund for resource-intensive users."
        )
    if cut < -0.5 and not nb:
        nb.append("Tiltaket øker kostnaden mot dagens budsjett.")
        en.append("The measure raises cost against today's budget.")
    return " ".join(nb), " ".join(en)


def headline_sums(avoided: float) -> tuple[str, str]:
    """What the headline's net sums (bokmål, English)."""
    head_nb = (
        "Netto = kutt i dagens budsjett + unngått kostnad + endret refusjon"
        if abs(avoided) > 0.5
        else "Netto = kutt i dagens budsjett + endret refusjon"
    )
    head_en = (
        "Net = cut in today's budget + cost avoided + change in refund"
        if abs(avoided) > 0.5
        else "Net = cut in today's budget + change in refund"
    )
    return head_nb, head_en


def levels(
    b: Baseline,
    st: Structure,
    core: Core,
    p: dict[str, float],
    nb: NightTotals,
    measures: list[MeasureResult],
) -> tuple[Level, Level]:
    """Today's and the scenario's level. Scenario = today - cuts (a), part by part."""
    parts: list[LevelPart] = []
    housing_places = float(b.arrays.places[b.arrays.housing].sum()) if len(b.arrays) else 0.0
    has_dept = bool(b.departments)
    if len(b.arrays):
        parts.append(
            LevelPart(
                key="night",
                label_nb="Nattevakt",
                label_en="Night watch",
                cost_nok_per_year=nb.total_cost_nok,
                fte=nb.gross_fte,
                sites=st.n_old,
                places=housing_places,
                in_total=not has_dept,
            )
        )
    if has_dept:
        parts.append(
            LevelPart(
                key="departments",
                label_nb="Avdelinger (brutto kostnad per bruker × brukere)",
                label_en="Departments (gross cost per user × users)",
                cost_nok_per_year=float(
                    sum(d.users * d.gross_cost_per_user_nok for d in b.departments)
                ),
                fte=float(sum(d.fte for d in b.departments)),
                in_total=True,
            )
        )
    nh = b.nursing_homes
    if nh is not None:
        cpp = p["cost_per_nursing_place_nok"]
        if b.nursing_home_rows:
            cost = sum(
                h.places * (h.cost_nok_per_place if h.cost_nok_per_place is not None else cpp)
                for h in b.nursing_home_rows
            )
        else:
            cost = nh.places * cpp
        parts.append(
            LevelPart(
                key="nursing_homes",
                label_nb="Sykehjem",
                label_en="Nursing homes",
                cost_nok_per_year=float(cost),
                fte=nh.fte_in_use,
                places=float(nh.places),
                in_total=True,
            )
        )
        if nh.hdo_residents:
            fte_h = nh.hdo_residents * nh.hdo_fte_per_resident
            parts.append(
                LevelPart(
                    key="hdo",
                    label_nb="Heldøgns omsorgsbolig (årsverk)",
                    label_en="24/7 care housing (FTE)",
                    cost_nok_per_year=fte_h * p["cost_per_fte_nursing_nok"],
                    fte=fte_h,
                    places=float(nh.hdo_residents),
                    in_total=True,
                )
            )
    total_key = {pt.key: pt for pt in parts}
    cut_by: dict[str, float] = {}
    fte_by: dict[str, float] = {}
    places_cut = 0.0
    for m in measures:
        part = PART_OF.get(m.id, "departments" if has_dept else "other")
        if part == "night" and has_dept:
            part = "departments"
        if part not in total_key:
            part = "other"
        cut_by[part] = cut_by.get(part, 0.0) + m.cut_nok_per_year
        fte_by[part] = fte_by.get(part, 0.0) + m.fte_cut
    if core.coverage is not None:
        places_cut += float(np.asarray(core.coverage["cut_places"], dtype=float).reshape(-1)[-1])
    places_cut += sum(c["places"] for c in core.closed)
    if "other" in cut_by and abs(cut_by["other"]) + abs(fte_by.get("other", 0.0)) > 0:
        other = LevelPart(
            key="other",
            label_nb="Andre tiltak",
            label_en="Other measures",
            cost_nok_per_year=0.0,
            fte=0.0,
            in_total=True,
        )
        parts.append(other)
    places_today = housing_places + (float(nh.places) if nh else 0.0)
    if nh is not None and nh.hdo_residents:
        places_today += float(nh.hdo_residents)
    today_refund = scalar(core.refund_today)
    lost = sum(m.lost_refund_nok_per_year for m in measures)

    def level(ps: list[LevelPart], sites: int, places: float, refund: float) -> Level:
        cost = sum(x.cost_nok_per_year for x in ps if x.in_total)
        return Level(
            cost_nok_per_year=cost,
            refund_nok_per_year=refund,
            net_cost_nok_per_year=cost - refund,
            fte=sum(x.fte for x in ps if x.in_total),
            sites=sites,
            places=places,
            parts=ps,
        )

    scn_parts = []
    for x in parts:
        if x.key == "night" and has_dept:
            night_cut = sum(m.cut_nok_per_year for m in measures if PART_OF.get(m.id) == "night")
            night_fte = sum(m.fte_cut for m in measures if PART_OF.get(m.id) == "night")
            upd = {"cost_nok_per_year": x.cost_nok_per_year - night_cut, "fte": x.fte + night_fte}
        else:
            upd = {
                "cost_nok_per_year": x.cost_nok_per_year - cut_by.get(x.key, 0.0),
                "fte": x.fte + fte_by.get(x.key, 0.0),
            }
        if x.key == "night":
            upd["sites"] = len(st.new_sites)
        if x.key == "nursing_homes" and x.places is not None:
            upd["places"] = x.places - places_cut
        # as x.model_copy(update=upd), which validates nothing either, at a fifth of the cost
        scn_parts.append(unvalidated(LevelPart, {**dict(x), **upd}))
    today = level(parts, st.n_old, places_today, today_refund)
    scenario = level(scn_parts, len(st.new_sites), places_today - places_cut, today_refund - lost)
    return today, scenario
