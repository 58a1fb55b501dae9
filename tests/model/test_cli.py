"""The command line, run as a user would: ``python -m model ...`` in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks.model import every_lever_scenario

REPO_ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "model", *args],
        cwd=REPO_ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def write(tmp_path: Path, text: str, name: str = "scenario.json") -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def assert_clean_failure(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.strip(), "no message on stderr"
    for needle in needles:
        assert needle in proc.stderr, proc.stderr


def dig(d: dict[str, Any], dotted: str) -> object:
    cur: object = d
    for part in dotted.split("."):
        assert isinstance(cur, dict) and part in cur, f"missing key {dotted!r} at {part!r}"
        cur = cur[part]
    return cur


def test_evaluate_empty_scenario_json(tmp_path: Path) -> None:
    proc = run("evaluate", "--scenario", write(tmp_path, "{}"))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert dig(out, "totals.night.staff_per_night") == 45
    assert dig(out, "totals.night.paid_hours_per_night") == pytest.approx(246)
    assert dig(out, "totals.night.paid_hours_per_year") == pytest.approx(246 * 365)
    assert dig(out, "totals.night.gross_fte") == pytest.approx(89_790 / 1846)
    assert dig(out, "totals.night.cost_nok") == pytest.approx(89_790 / 1846 * 800_000)
    assert dig(out, "totals.sites") == 27
    for key in ("gross_savings_nok_per_year", "net_savings_nok_per_year", "fte_change"):
        assert dig(out, f"totals.{key}") == 0


def test_evaluate_every_lever_json(tmp_path: Path) -> None:
    s = every_lever_scenario()
    # Alver has no nursing homes to close (strict mode would refuse the name)
    s = s.model_copy(update={"coverage": s.coverage.model_copy(update={"close_homes": []})})
    proc = run("evaluate", "--scenario", write(tmp_path, s.model_dump_json()))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    for key in (
        "totals.night.staff_per_night",
        "totals.night.paid_hours_per_night",
        "totals.night.paid_hours_per_year",
        "totals.night.gross_fte",
        "totals.night.cost_nok",
        "totals.sites",
        "totals.gross_savings_nok_per_year",
        "totals.net_savings_nok_per_year",
        "totals.fte_change",
    ):
        assert isinstance(dig(out, key), int | float), key
    assert out["measures"]
    for m in out["measures"]:
        for key in ("gross_savings_nok_per_year", "net_savings_nok_per_year", "fte_change"):
            assert isinstance(m[key], int | float), (m["id"], key)
    assert sum(m["gross_savings_nok_per_year"] for m in out["measures"]) == pytest.approx(
        out["totals"]["gross_savings_nok_per_year"]
    )
    # Alver has no nursing-home data: only those measures stay idle, and say so
    idle = {m["id"] for m in out["measures"] if not m["active"]}
    assert idle == {"coverage_rate", "close_homes", "staffing_norm", "hdo_ratio"}
    assert all(not m["available"] for m in out["measures"] if m["id"] in idle)


def test_evaluate_from_stdin() -> None:
    proc = run("evaluate", "--scenario", "-", stdin='{"levers": {"rota_hours_cut_pct": 2}}')
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["totals"]["gross_savings_nok_per_year"] == pytest.approx(0.02 * 50_000_000)


def test_evaluate_table(tmp_path: Path) -> None:
    scenario = write(tmp_path, '{"levers": {"overtime_cut_pct": 33.3333333333}}')
    proc = run("evaluate", "--scenario", scenario, "--format", "table")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "paid hours per night" in out
    assert "246.0" in out
    assert "89790" in out
    assert "48.64" in out
    assert "Cut overtime" in out
    assert "TOTAL" in out


def test_evaluate_explicit_baseline_folder(tmp_path: Path) -> None:
    scenario = write(tmp_path, "{}")
    proc = run("evaluate", "--scenario", scenario, "--baseline", str(REPO_ROOT / "data" / "demo"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["totals"]["sites"] == 27


def test_schema() -> None:
    proc = run("schema")
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(proc.stdout)
    assert schema["type"] == "object"
    for key in ("night", "colocation", "levers", "coverage", "custom", "plan", "uncertainty"):
        assert key in schema["properties"]


# --------------------------------------------------------------------- failures
def test_invalid_json(tmp_path: Path) -> None:
    proc = run("evaluate", "--scenario", write(tmp_path, '{"levers": {'))
    assert_clean_failure(proc, "not valid JSON", "line 1")


def test_not_an_object(tmp_path: Path) -> None:
    proc = run("evaluate", "--scenario", write(tmp_path, "[1, 2]"))
    assert_clean_failure(proc, "JSON object")


def test_out_of_range_field(tmp_path: Path) -> None:
    proc = run("evaluate", "--scenario", write(tmp_path, '{"levers": {"overtime_cut_pct": 150}}'))
    assert_clean_failure(proc, "levers.overtime_cut_pct", "100")


def test_unknown_parameter(tmp_path: Path) -> None:
    proc = run("evaluate", "--scenario", write(tmp_path, '{"params": {"magic": 1}}'))
    assert_clean_failure(proc, "params", "magic")


def test_unknown_site_name(tmp_path: Path) -> None:
    text = '{"night": {"overrides": {"Nowhere Lodge": {"awake": 1}}}}'
    proc = run("evaluate", "--scenario", write(tmp_path, text))
    assert_clean_failure(proc, "Nowhere Lodge", "night.overrides")


def test_unknown_site_in_merge(tmp_path: Path) -> None:
    text = '{"colocation": {"merges": [{"name": "X", "sites": ["Kvasten", "Atlantis"]}]}}'
    proc = run("evaluate", "--scenario", write(tmp_path, text))
    assert_clean_failure(proc, "Atlantis", "colocation.merges[0]")


def test_missing_scenario_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.json")
    proc = run("evaluate", "--scenario", missing)
    assert_clean_failure(proc, "nope.json")


def test_missing_baseline_folder(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-baseline")
    proc = run("evaluate", "--scenario", write(tmp_path, "{}"), "--baseline", missing)
    assert_clean_failure(proc, "no-such-baseline")


def test_baseline_folder_without_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty-baseline"
    empty.mkdir()
    proc = run("evaluate", "--scenario", write(tmp_path, "{}"), "--baseline", str(empty))
    assert_clean_failure(proc, "about.csv")


def test_no_subcommand() -> None:
    proc = run()
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr


def _demo_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "mybaseline"
    dst.mkdir()
    for f in (REPO_ROOT / "data" / "demo").glob("*.csv"):
        (dst / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return dst


def test_baseline_with_an_invalid_value(tmp_path: Path) -> None:
    d = _demo_copy(tmp_path)
    sites = d / "sites.csv"
    text = sites.read_text(encoding="utf-8").replace(
        "Skrenten,psykisk_helse_rus,Lindås/Knarvik,Døgnbemannede boliger Lindås,2,",
        "Skrenten,psykisk_helse_rus,Lindås/Knarvik,Døgnbemannede boliger Lindås,-2,",
    )
    assert "-2," in text
    sites.write_text(text, encoding="utf-8")
    proc = run("evaluate", "--scenario", write(tmp_path, "{}"), "--baseline", str(d))
    assert_clean_failure(proc, "places")


def test_baseline_missing_a_parameter(tmp_path: Path) -> None:
    d = _demo_copy(tmp_path)
    params = d / "parameters.csv"
    lines = params.read_text(encoding="utf-8").splitlines(keepends=True)
    params.write_text(
        "".join(x for x in lines if not x.startswith("resting_paid_fraction,")), "utf-8"
    )
    proc = run("evaluate", "--scenario", write(tmp_path, "{}"), "--baseline", str(d))
    assert_clean_failure(proc, "resting_paid_fraction")
