"""Published figures against the model's own, for the baseline they belong to.

:func:`compare` evaluates the scenario each published figure describes (today's night
watch, "one awake watch fewer", a percentage lever, …) on the baseline and returns one
row per figure: published value, model value, tolerance and deviation, or why the model
cannot reproduce it. Pages show these rows; they never re-derive the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from model.baseline import Baseline
from model.engine import evaluate
from model.result import Result
from model.scenario import Scenario


@dataclass(frozen=True)
class PublishedCheck:
    key: str
    label_nb: str
    label_en: str
    unit: str
    source: str
    published: float
    model: float | None
    tolerance: float | None  # relative
    deviation: float | None  # (model - published) / published
    ok: bool | None  # None: no tolerance stated (shown, not asserted)
    note: str  # bokmål (the CSV's note, or the model's reason)
    note_en: str = ""  # English (the model's reason, or the CSV's note_en)
    source_en: str = ""  # English source (the CSV's source_en; empty: show ``source``)


Getter = Callable[[Result], float]

_SCENARIOS: dict[str, dict[str, object]] = {
    "today": {},
    "levers": {
        "levers": {
            "overtime_cut_pct": 100 / 3,
            "substitute_cut_pct": 5,
            "competence_level_cut_pct": 2,
            "rota_hours_cut_pct": 2,
            "decided_hours_cut_pct": 2,
        }
    },
    "abolish_dt": {
        "night": {
            "rules": [
                {
                    "selector": {"dognturnus": True},
                    "arrangement": {"awake": 1, "resting": 1, "dognturnus": False},
                }
            ]
        }
    },
    "sogndal_watch": {"night": {"overrides": {"Nattevakt Sogndal sentrum": {"awake": 6}}}},
    "sogndal_nursing": {
        "coverage": {
            "norm_closure_share": 1.0,
            "hdo_target_fte_per_resident": 0.6,
            "close_homes": ["Svingen (SHOS)", "Balestrand (eining)"],
        }
    },
}


def _m(mid: str, attr: str = "gross_savings_nok_per_year") -> Getter:
    return lambda r: float(getattr(r.measure(mid), attr))


def _closed(home: str, attr: str) -> Getter:
    return lambda r: float(next(getattr(c, attr) for c in r.closed_homes if c.home == home))


#: published key -> (scenario, how to read the model's figure)
_MODEL: dict[str, tuple[str, Getter]] = {
    "alver_night_sites": ("today", lambda r: float(r.totals.sites_baseline)),
    "alver_night_staff_per_night": ("today", lambda r: r.totals.night_baseline.staff_per_night),
    "alver_night_resting_per_night": (
        "today",
        lambda r: r.totals.night_baseline.resting_per_night,
    ),
    "alver_night_paid_hours_per_night": (
        "today",
        lambda r: r.totals.night_baseline.paid_hours_per_night,
    ),
    "alver_night_paid_hours_per_year": (
        "today",
        lambda r: r.totals.night_baseline.paid_hours_per_year,
    ),
    "alver_night_gross_fte": ("today", lambda r: r.totals.night_baseline.gross_fte),
    "alver_night_cost_nok": ("today", lambda r: r.totals.night_baseline.cost_nok),
    "alver_supplement_night_nok": ("today", lambda r: r.totals.night_baseline.supplement_night_nok),
    "alver_supplement_weekend_nok": (
        "today",
        lambda r: r.totals.night_baseline.supplement_weekend_nok,
    ),
    "alver_supplement_holiday_nok": (
        "today",
        lambda r: r.totals.night_baseline.supplement_holiday_nok,
    ),
    "alver_supplement_dognturnus_nok": (
        "today",
        lambda r: r.totals.night_baseline.supplement_dognturnus_nok,
    ),
    "alver_supplement_total_nok": ("today", lambda r: r.totals.night_baseline.supplements_nok),
    "alver_measure_competence_nok": ("levers", _m("competence_level")),
    "alver_measure_overtime_nok": ("levers", _m("overtime")),
    "alver_measure_substitute_nok": ("levers", _m("substitutes")),
    "alver_measure_rota_hours_nok": ("levers", _m("rota_hours")),
    "alver_measure_decided_hours_nok": ("levers", _m("decided_hours")),
    "alver_measure_abolish_dognturnus_nok": ("abolish_dt", _m("night_arrangement")),
    "alver_refund_2020_nok": (
        "today",
        lambda r: r.totals.today.refund_nok_per_year if r.totals.today else 0.0,
    ),
    "alver_gross_cost_hab_mha_nok": (
        "today",
        lambda r: r.totals.today.cost_nok_per_year if r.totals.today else 0.0,
    ),
    "sogndal_places": (
        "today",
        lambda r: float(r.staffing and sum(x.places for x in r.staffing.rows) or 0),
    ),
    "sogndal_norm_fte": ("today", lambda r: r.staffing.norm_fte if r.staffing else 0.0),
    "sogndal_fte_in_use": ("today", lambda r: r.staffing.fte_in_use if r.staffing else 0.0),
    "sogndal_night_centre_fte": ("today", lambda r: r.totals.night_baseline.gross_fte),
    "sogndal_one_awake_watch_fte": (
        "sogndal_watch",
        lambda r: -r.measure("night_arrangement").fte_change,
    ),
    "sogndal_one_awake_watch_nok": ("sogndal_watch", _m("night_arrangement")),
    "sogndal_staffing_norm_nok": ("sogndal_nursing", _m("staffing_norm")),
    "sogndal_hdo_ratio_nok": ("sogndal_nursing", _m("hdo_ratio")),
    "sogndal_svingen_fte": ("sogndal_nursing", _closed("Svingen (SHOS)", "fte")),
    "sogndal_balestrand_nok": (
        "sogndal_nursing",
        _closed("Balestrand (eining)", "cost_nok_per_year"),
    ),
    "sogndal_coverage_after_svingen": (
        "today",
        lambda r: (
            (r.coverage_summary.places_today - 6) / r.coverage_summary.population_80_plus_base
            if r.coverage_summary
            else 0.0
        ),
    ),
}

#: why a figure cannot be matched (shown instead of a pass/fail): (bokmål, English)
_WHY: dict[str, tuple[str, str]] = {
    "alver_measure_abolish_dognturnus_nok": (
        "PwC legger −0,4 mill. kr i tillegg til −0,1 mill. kr i årsverkskostnad; i PwCs egen "
        "definisjon inneholder 800 000 kr per årsverk allerede tilleggene, så modellen teller dem "
        "ikke to ganger. Med 21 lokasjoner med døgnturnus gir 1 våken + 1 hvilende à 9,5 t "
        "266 t der, pluss minst 21,3 t på de seks andre: om lag 41 t/natt (6,5 mill. kr) mer enn "
        "dagens 246 t, ikke PwCs 245 t. PwCs kolonner henger ikke sammen (domain.md §3); modellen "
        "holder PwCs retning: 1 våken sparer om lag 4 mill. kr, 2 våkne koster om lag 28 mill. kr "
        "mer.",
        "PwC adds −0.4 MNOK of supplements to −0.1 MNOK of FTE cost; in PwC's own definition the "
        "800 000 kr per FTE already includes them, so the model does not count them twice. With "
        "21 døgnturnus sites, 1 awake + 1 resting at 9.5 h gives 266 h there plus at least "
        "21.3 h at the six other sites: about 41 h/night (6.5 MNOK) more than today's 246 h, "
        "not PwC's 245 h. PwC's columns are not internally consistent (domain.md §3); the model "
        "keeps PwC's direction: 1 awake saves about 4 MNOK, 2 awake costs about 28 MNOK more.",
    ),
    "alver_refund_2020_nok": (
        "PwCs 77 mill. kr gjelder alle ressurskrevende brukere i begge områdene (29 % av "
        "lønnskostnaden); modellens refusjonsbrukere er én per beboer i lokasjonene med "
        "nattbemanning, priset med avdelingens brutto kostnad per bruker. Den gjenskaper "
        "mekanismen, ikke summen.",
        "PwC's 77 MNOK covers every resource-intensive user of both areas (29 % of labour cost); "
        "the model's refund users are one per resident of the night-staffed sites, priced at "
        "their department's gross cost per user, so it reproduces the mechanism, not the total.",
    ),
    "alver_gross_cost_hab_mha_nok": (
        "Modellens nivå er avdelingenes brukere × brutto kostnad per bruker (publiserte rader); "
        "PwCs ≈297 mill. kr brutto rommer også kostnader utenfor disse avdelingene.",
        "The model's level is the departments' users × gross cost per user (published rows); "
        "PwC's ≈297 MNOK gross also holds costs outside these departments.",
    ),
}


def _housing(b: Baseline) -> list[Any]:
    return [x for x in b.sites if x.housing]


#: published key -> the model's figure counted from the baseline itself (no scenario)
_COUNTED: dict[str, Callable[[Baseline], float]] = {
    "alver_housing_sites": lambda b: float(len(_housing(b))),
    "alver_places": lambda b: float(sum(x.places for x in _housing(b))),
    "alver_dognturnus_sites": lambda b: float(sum(1 for x in _housing(b) if x.dognturnus)),
    "alver_dognturnus_supplement_staff": lambda b: float(
        sum(x.dognturnus_supplement_staff for x in b.sites)
    ),
    "alver_fte_total": lambda b: float(sum(d.fte for d in b.departments)),
}


def compare(b: Baseline) -> list[PublishedCheck]:
    """One row per published figure of `b` (its own ``published_figures`` table)."""
    results: dict[str, Result] = {}
    out: list[PublishedCheck] = []
    for f in b.published_figures:
        model: float | None = None
        spec = _MODEL.get(f.key)
        if f.key in _COUNTED:
            model = _COUNTED[f.key](b)
        elif spec is not None:
            name, get = spec
            if name not in results:
                results[name] = evaluate(b, Scenario.model_validate(_SCENARIOS[name]))
            try:
                model = float(get(results[name]))
            except (KeyError, StopIteration, AttributeError):
                model = None
        dev = (model - f.value) / f.value if model is not None and f.value else None
        ok = None if f.tolerance is None or dev is None else abs(dev) <= f.tolerance + 1e-9
        note, note_en = _WHY.get(f.key, (f.note, f.note_en))
        out.append(
            PublishedCheck(
                key=f.key,
                label_nb=f.label_nb,
                label_en=f.label_en,
                unit=f.unit,
                source=f.source,
                source_en=f.source_en,
                published=f.value,
                model=model,
                tolerance=f.tolerance,
                deviation=dev,
                ok=ok,
                note=note,
                note_en=note_en,
            )
        )
    return out
