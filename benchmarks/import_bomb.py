"""An xlsx bomb against the importer: ``python -m benchmarks.import_bomb [--skip-old]``.

Builds a workbook that is small on disk (≈260 KB) but large unpacked (≈59 MB, under the
old 60 MiB limit): one ``lokasjoner`` sheet with about 200 000 identical rows.
Each case runs in a fresh subprocess and prints its wall and CPU time (on a shared machine
the CPU time is the steadier figure) and peak memory (the
process's ``ru_maxrss`` growth during the case and tracemalloc's peak of Python
allocations), next to a floor measured in the same run (validating the demo baseline's
own workbook):

1. floor ........ ``validate_upload`` of the demo baseline as a workbook (accepted);
2. new .......... ``validate_upload`` of the bomb (refused from the zip directory alone);
3. new, no zip check: the same with :func:`storage.importer.inspect_xlsx` disabled, to show
   the second line of defence (openpyxl ``read_only=True`` streaming under the row and
   cell caps);
4. at the caps .. the largest upload that is accepted: ``sites.csv`` with ``MAX_ROWS`` rows of
   unique non-ASCII names (every name goes through the slow path of the name rules);
5. old .......... what the importer did before: ``openpyxl.load_workbook`` without
   ``read_only`` and read every row (skip with ``--skip-old``: ≈40 s and >1 GB).

It never fails on a slow machine; ``tests/storage/test_import_hostile.py`` checks the
bomb is refused with its message.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEADER = [
    "name",
    "service",
    "area",
    "department",
    "places",
    "housing",
    "awake",
    "resting",
    "shift_hours",
    "dognturnus",
]


def make_xlsx_bomb(unpacked_mb: float = 59.0) -> bytes:
    """A valid .xlsx whose ``lokasjoner`` sheet unpacks to about ``unpacked_mb`` MB."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "lokasjoner"
    ws.append(HEADER)
    buf = io.BytesIO()
    wb.save(buf)

    def cell(text: str) -> str:
        return f'<c t="inlineStr"><is><t>{text}</t></is></c>'

    head = "".join(cell(h) for h in HEADER)
    body = (
        cell("Eik")
        + cell("habilitering")
        + cell("Sentrum")
        + cell("Avd")
        + '<c><v>6</v></c><c t="b"><v>1</v></c><c><v>1</v></c><c><v>0</v></c>'
        + '<c><v>9.5</v></c><c t="b"><v>0</v></c>'
    )
    row = f"<row>{body}</row>"
    n = int(unpacked_mb * 1e6 / len(row))
    start = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1">{head}</row>'
    )
    end = "</sheetData></worksheet>"
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buf) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with dst.open(item.filename, "w", force_zip64=False) as fh:
                    fh.write(start.encode())
                    chunk = (row * 1000).encode()
                    for _ in range(n // 1000):
                        fh.write(chunk)
                    fh.write(end.encode())
            else:
                dst.writestr(item, src.read(item.filename))
    return out.getvalue()


def largest_sites_csv() -> bytes:
    """The largest sites table accepted: MAX_ROWS rows, every name unique and non-ASCII."""
    from storage.importer import MAX_ROWS

    head = (
        "name,service,area,department,places,housing,awake,resting,shift_hours,dognturnus,"
        "dognturnus_supplement_staff,status"
    )
    rows = [
        f"Støtte {i},habilitering,Området {i},Avdeling Ø {i},6,ja,1,0,9.5,nei,0,published"
        for i in range(MAX_ROWS)
    ]
    return ("\n".join([head, *rows]) + "\n").encode()


_CHILD = r"""
import io, json, resource, sys, time, tracemalloc
sys.path.insert(0, {root!r})
case, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
import openpyxl
import storage.importer as imp
from model.loader import DATA_DIR
params = (DATA_DIR / "demo" / "parameters.csv").read_bytes()
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
trace = "--trace" in sys.argv
if trace:
    tracemalloc.start()
t0 = time.perf_counter()
c0 = time.process_time()
if case == "old":
    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    rows = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
    outcome = f"read {{rows}} rows"
elif case == "caps":
    r = imp.validate_upload([("sites.csv", data), ("parameters.csv", params)], name="x",
                            year=2024)
    outcome = ("accepted" if r.ok else "refused: " + r.problems[0].message_en[:110])
else:
    if case == "new-no-zip-check":
        imp.inspect_xlsx = lambda data: None
    r = imp.validate_upload([("bomb.xlsx", data)], name="x", year=2024)
    outcome = ("accepted" if r.ok else "refused: " + r.problems[0].message_en[:110])
dt = time.perf_counter() - t0
cpu = time.process_time() - c0
peak = tracemalloc.get_traced_memory()[1] / 1e6 if trace else None
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": dt, "cpu": cpu, "rss_mb": (rss1 - rss0) / 1024, "peak_rss_mb": rss1 / 1024,
                  "traced_mb": peak, "outcome": outcome}}))
"""


def run_case(case: str, path: Path, *, trace: bool) -> dict[str, object]:
    code = _CHILD.format(root=str(ROOT))
    args = [sys.executable, "-c", code, case, str(path)] + (["--trace"] if trace else [])
    proc = subprocess.run(args, capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode != 0:
        return {"outcome": "crashed: " + proc.stderr.strip().splitlines()[-1][:120]}
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-old", action="store_true", help="skip the slow old path")
    ap.add_argument("--mb", type=float, default=59.0, help="unpacked size of the bomb, MB")
    args = ap.parse_args(argv)

    import tempfile

    from model.loader import DATA_DIR, load_baseline, read_csv
    from storage.template import baseline_xlsx

    bomb = make_xlsx_bomb(args.mb)
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:
        unpacked = sum(i.file_size for i in zf.infolist())
    floor = baseline_xlsx(
        load_baseline("demo"), read_csv(DATA_DIR / "demo" / "published_figures.csv")
    )
    print(
        f"bomb: {len(bomb) / 1e3:,.0f} KB on disk, {unpacked / 1e6:,.1f} MB unpacked "
        f"(ratio {unpacked / len(bomb):,.0f}); floor workbook: {len(floor) / 1e3:,.0f} KB"
    )
    with tempfile.TemporaryDirectory() as tmp:
        bomb_path = Path(tmp) / "bomb.xlsx"
        bomb_path.write_bytes(bomb)
        floor_path = Path(tmp) / "floor.xlsx"
        floor_path.write_bytes(floor)
        caps_path = Path(tmp) / "sites.csv"
        caps_path.write_bytes(largest_sites_csv())
        cases = [
            ("floor (demo workbook)", "new", floor_path),
            ("new: validate_upload(bomb)", "new", bomb_path),
            ("new without zip check", "new-no-zip-check", bomb_path),
            (f"at the caps ({caps_path.stat().st_size / 1e6:.1f} MB sites.csv)", "caps", caps_path),
        ]
        if not args.skip_old:
            cases.append(("old: load_workbook(read_only=False)", "old", bomb_path))
        print(f"{'case':<38} {'wall s':>8} {'cpu s':>7} {'+RSS MB':>8} {'traced MB':>9}  outcome")
        for label, case, path in cases:
            r = run_case(case, path, trace=False)
            traced: object = "-"
            if case != "old":  # tracemalloc would slow the old path several times over
                traced = run_case(case, path, trace=True).get("traced_mb", "-")
            secs = r.get("seconds")
            cpu = r.get("cpu")
            rss = r.get("rss_mb")
            print(
                f"{label:<38} "
                f"{secs if secs is None else f'{secs:8.3f}'} "
                f"{cpu if cpu is None else f'{cpu:7.3f}'} "
                f"{rss if rss is None else f'{rss:8.1f}'} "
                f"{traced if not isinstance(traced, float) else f'{traced:9.1f}'}  "
                f"{r.get('outcome')}"
            )


if __name__ == "__main__":
    main()
