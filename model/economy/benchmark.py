"""Need-adjusted *handlingsrom* against a reference group (Ålesund 2021, Sogndal 2022).

For each service area *a*, with own region *o*, reference regions *R* and year *t*:

    corrected cost c'(r, a) = cost per inhabitant(r, a) / need index(r, a)
                              (need index = 1 when the indicator is already need-corrected)
    reference  c_ref(a)     = mean over r in R of c'(r, a)            (weighting "mean")
                            = Σ c'(r,a)·inh(r) / Σ inh(r)             (weighting "population")
    gap(a)                  = (c'(o, a) − c_ref(a)) × inhabitants(o)

A positive gap is room for action (own cost above the reference); negative rows are
kept and net off in the total, as in Ålesund's table. Where a report publishes only
the amount of an area (Sogndal), the row carries that stated amount. When the report
states a total that the rows do not add up to, the difference is its own row
("not itemised in the report"), never spread over the others.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from model.economy.tables import AreaRow, KostraRow, Status

Weighting = Literal["mean", "population"]
REST_AREA = "_unitemised"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BenchmarkSettings(_Frozen):
    own_region: str
    reference_regions: list[str] = Field(min_length=1, max_length=500)
    year: int
    population_indicator: str
    weighting: Weighting = "mean"
    stated_total_nok: float | None = Field(
        default=None, description="the total the report states (shows an unitemised rest)"
    )


class BenchmarkRow(_Frozen):
    area: str
    label_nb: str
    label_en: str
    method: Literal["computed", "stated", "rest"]
    own_nok_per_inhabitant: float | None
    reference_nok_per_inhabitant: float | None
    difference_nok_per_inhabitant: float | None
    inhabitants: float | None
    gap_nok: float
    status: Status
    source: str
    source_en: str = ""


class BenchmarkResult(_Frozen):
    own_region: str
    reference_regions: list[str]
    year: int
    weighting: Weighting
    inhabitants: float | None
    rows: list[BenchmarkRow]
    itemised_nok: float = Field(description="sum of the area rows (negative rows net off)")
    total_nok: float = Field(description="stated total if given, else the itemised sum")
    unitemised_nok: float = Field(description="total − itemised (0 when none stated)")
    own_total_nok_per_inhabitant: float | None
    reference_total_nok_per_inhabitant: float | None


class BenchmarkError(ValueError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems  # (nb, en)
        super().__init__("; ".join(en for _, en in problems))


def _area_row(a: AreaRow, computed: tuple[float, float, float] | None = None) -> BenchmarkRow:
    """The row of area ``a``: from ``computed`` = (own, reference, inhabitants), NOK per
    inhabitant from KOSTRA, or without it the report's stated gap."""
    if computed is None:
        own = ref = diff = inh = None
        gap = float(a.stated_nok or 0.0)
    else:
        own, ref, inh = computed
        diff = own - ref
        gap = diff * inh
    return BenchmarkRow(
        area=a.area,
        label_nb=a.label_nb,
        label_en=a.label_en or a.label_nb,
        method="stated" if computed is None else "computed",
        own_nok_per_inhabitant=own,
        reference_nok_per_inhabitant=ref,
        difference_nok_per_inhabitant=diff,
        inhabitants=inh,
        gap_nok=gap,
        status=a.status,
        source=a.source,
        source_en=a.source_en,
    )


def regions(rows: list[KostraRow]) -> list[str]:
    return sorted({r.region for r in rows})


def years(rows: list[KostraRow]) -> list[int]:
    return sorted({r.year for r in rows})


def handlingsrom(
    kostra: list[KostraRow], areas: list[AreaRow], s: BenchmarkSettings
) -> BenchmarkResult:
    """The need-adjusted gap per area (see module docstring). Raises BenchmarkError
    naming the region, indicator and year of every figure it needs but cannot find."""
    table = {(r.region, r.indicator, r.year): r.value for r in kostra}
    problems: list[tuple[str, str]] = []
    refs = [r for r in dict.fromkeys(s.reference_regions) if r != s.own_region]
    if not refs:
        problems.append(
            (
                "Velg minst én referansekommune som ikke er egen kommune.",
                "Pick at least one reference region other than the own region.",
            )
        )
        raise BenchmarkError(problems)

    def get(region: str, indicator: str) -> float | None:
        v = table.get((region, indicator, s.year))
        if v is None:
            problems.append(
                (
                    f"Mangler tall for «{region}», «{indicator}», {s.year}: legg det inn i KOSTRA-filen.",
                    f"No figure for '{region}', '{indicator}', {s.year}: add it to the KOSTRA file.",
                )
            )
        return v

    needs_population = any(a.cost_indicator for a in areas) or s.weighting == "population"
    inh_own = get(s.own_region, s.population_indicator) if needs_population else None
    inh_ref: dict[str, float | None] = {}
    if s.weighting == "population":
        inh_ref = {r: get(r, s.population_indicator) for r in refs}

    def corrected(region: str, a: AreaRow) -> float | None:
        c = get(region, a.cost_indicator)
        if c is None:
            return None
        if not a.need_indicator:
            return c
        n = get(region, a.need_indicator)
        if n is None:
            return None
        if n <= 0:
            problems.append(
                (
                    f"Behovsindeksen for «{region}» ({a.need_indicator}) må være over 0.",
                    f"The need index of '{region}' ({a.need_indicator}) must be above 0.",
                )
            )
            return None
        return c / n

    out: list[BenchmarkRow] = []
    own_tot = ref_tot = 0.0
    per_inh_complete = True
    for a in areas:
        if not a.cost_indicator:
            per_inh_complete = False
            out.append(_area_row(a))
            continue
        own = corrected(s.own_region, a)
        vals = {r: corrected(r, a) for r in refs}
        if own is None or inh_own is None or any(v is None for v in vals.values()):
            continue
        if s.weighting == "population":
            w = {r: inh_ref.get(r) for r in refs}
            if any(x is None for x in w.values()):
                continue
            tot_w = sum(float(x or 0.0) for x in w.values())
            ref = sum(float(vals[r] or 0.0) * float(w[r] or 0.0) for r in refs) / tot_w
        else:
            ref = sum(float(v or 0.0) for v in vals.values()) / len(vals)
        own_tot += own
        ref_tot += ref
        out.append(_area_row(a, (own, ref, inh_own)))
    if problems:
        # one message per missing figure, in file order, no repeats
        raise BenchmarkError(list(dict.fromkeys(problems)))
    itemised = sum(r.gap_nok for r in out)
    total = s.stated_total_nok if s.stated_total_nok is not None else itemised
    rest = total - itemised
    if s.stated_total_nok is not None and abs(rest) >= 0.5:  # NOK: rounding noise is no row
        out.append(
            BenchmarkRow(
                area=REST_AREA,
                label_nb="Ikke spesifisert i rapporten (totalen minus radene)",
                label_en="Not itemised in the report (total minus the rows)",
                method="rest",
                own_nok_per_inhabitant=None,
                reference_nok_per_inhabitant=None,
                difference_nok_per_inhabitant=None,
                inhabitants=None,
                gap_nok=rest,
                status="derived",
                source="Oppgitt total minus summen av radene",
                source_en="Stated total minus the sum of the rows",
            )
        )
    else:
        rest = 0.0
    computed = [r for r in out if r.method == "computed"]
    return BenchmarkResult(
        own_region=s.own_region,
        reference_regions=refs,
        year=s.year,
        weighting=s.weighting,
        inhabitants=inh_own,
        rows=out,
        itemised_nok=itemised,
        total_nok=total,
        unitemised_nok=rest,
        own_total_nok_per_inhabitant=own_tot if computed and per_inh_complete else None,
        reference_total_nok_per_inhabitant=ref_tot if computed and per_inh_complete else None,
    )
