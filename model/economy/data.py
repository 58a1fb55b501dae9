"""One municipality's economic-plan inputs (an *economy set*): pure data, no I/O."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from model.economy.benchmark import BenchmarkSettings, Weighting
from model.economy.tables import AreaRow, BudgetRow, CoverageRow, KostraRow, PopulationRow

#: file names inside a set folder (new files only, so they can sit in a baseline folder)
FILES: dict[str, str] = {
    "settings": "economy.csv",
    "kostra": "kostra.csv",
    "areas": "benchmark_areas.csv",
    "population": "population_projection.csv",
    "coverage": "care_coverage.csv",
    "budget": "budget.csv",
}


class EconomyData(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    municipality: str = ""
    year: int | None = None
    description: str = ""
    settings: dict[str, str] = Field(default_factory=dict)
    kostra: list[KostraRow] = Field(default_factory=list)
    areas: list[AreaRow] = Field(default_factory=list)
    population: list[PopulationRow] = Field(default_factory=list)
    coverage: list[CoverageRow] = Field(default_factory=list)
    budget: list[BudgetRow] = Field(default_factory=list)

    def baselines(self) -> list[str]:
        """Baseline names this set belongs to (``baselines`` setting, ';'-separated)."""
        return [b.strip() for b in self.settings.get("baselines", "").split(";") if b.strip()]

    def list_setting(self, key: str) -> list[str]:
        return [x.strip() for x in self.settings.get(key, "").split(";") if x.strip()]

    def benchmark_settings(
        self,
        *,
        reference: list[str] | None = None,
        weighting: Weighting | None = None,
        year: int | None = None,
    ) -> BenchmarkSettings | None:
        """The shipped defaults for the benchmark, with optional choices on top."""
        if not self.areas:
            return None
        st = self.settings.get("stated_total_nok", "").strip()
        w = weighting or self.settings.get("weighting", "mean")
        return BenchmarkSettings(
            own_region=self.settings.get("own_region", self.municipality),
            reference_regions=reference or self.list_setting("reference_regions") or ["-"],
            year=year or int(self.settings.get("benchmark_year", str(self.year or 0))),
            population_indicator=self.settings.get("population_indicator", ""),
            weighting=w if w in ("mean", "population") else "mean",  # type: ignore[arg-type]
            stated_total_nok=float(st) if st else None,
        )
