"""The front door: linters, type checks, the CI skip rule, scripts, README, pins."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
ROOT_CONFTEST = REPO_ROOT / "tests" / "conftest.py"


def _run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _show(proc: subprocess.CompletedProcess[str]) -> str:
    cmd = " ".join(str(a) for a in proc.args)
    return f"$ {cmd}\nexit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"


# --- (a) ruff ------------------------------------------------------------------


def test_ruff_check_is_clean() -> None:
    proc = _run("ruff", "check", "--no-cache", ".")
    assert proc.returncode == 0, _show(proc)


def test_ruff_format_is_clean() -> None:
    proc = _run("ruff", "format", "--check", "--no-cache", ".")
    assert proc.returncode == 0, _show(proc)


# --- (b) mypy ------------------------------------------------------------------


def test_mypy_model_is_clean() -> None:
    assert any((REPO_ROOT / "model").rglob("*.py")), "model/ has no Python files"
    proc = _run("mypy", "model/")
    assert proc.returncode == 0, _show(proc)


# --- (c) CI=true turns skips into failures -------------------------------------

SKIPPING_TESTS = """
import pytest

def test_skips():
    pytest.skip("no browser here")

@pytest.mark.skipif(True, reason="not on this machine")
def test_skipif():
    pass

@pytest.mark.xfail(reason="known bug")
def test_xfail():
    assert False

def test_passes():
    pass
"""


@pytest.fixture
def skip_project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(ROOT_CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(test_skipping=SKIPPING_TESTS)
    return pytester


def test_ci_turns_skips_into_failures(
    skip_project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    result = skip_project.runpytest_subprocess("-p", "no:cacheprovider", "-rfE")
    # pytest.skip() and xfail in the call phase are failures; a skipif marker
    # acts in the setup phase, so pytest shows it as an error. Either fails the run.
    result.assert_outcomes(passed=1, failed=2, errors=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    out = result.stdout.str()
    assert "CI=true: skipped tests are failures: no browser here" in out
    assert "CI=true: skipped tests are failures: not on this machine" in out
    assert "xfail is not allowed under CI (known bug)" in out


def test_ci_turns_module_level_importorskip_into_failure(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeconftest(ROOT_CONFTEST.read_text(encoding="utf-8"))
    pytester.makepyfile(
        test_importorskip="""
        import pytest
        pytest.importorskip("surely_no_such_module_exists_here")

        def test_never_runs():
            pass
        """
    )
    monkeypatch.setenv("CI", "true")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret != pytest.ExitCode.OK
    result.assert_outcomes(errors=1)
    assert "CI=true: skipped tests are failures" in result.stdout.str()

    monkeypatch.delenv("CI")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(skipped=1)


def test_without_ci_skips_stay_skips(
    skip_project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    result = skip_project.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, skipped=2, xfailed=1)
    assert result.ret == pytest.ExitCode.OK
    assert "CI=true" not in result.stdout.str()


# --- (d) scripts, CI entry point and README -----------------------------------

SCRIPTS = ["scripts/setup.sh", "scripts/run-app.sh", "scripts/test.sh", ".ci/run"]


@pytest.mark.parametrize("rel", SCRIPTS)
def test_scripts_are_executable_bash(rel: str) -> None:
    path = REPO_ROOT / rel
    assert path.is_file(), f"{rel} is missing"
    assert os.access(path, os.X_OK), f"{rel} is not executable (chmod +x {rel})"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n"), f"{rel}: wrong shebang"
    assert "set -euo pipefail" in text, f"{rel}: missing 'set -euo pipefail'"
    proc = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"{rel}: bash syntax error\n{proc.stderr}"


def test_ci_run_sets_ci_and_calls_test_script() -> None:
    text = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^export CI=true$", text, re.M), ".ci/run must export CI=true"
    assert "scripts/test.sh" in text
    assert re.search(r'"\$rc" -eq 5', text), ".ci/run must treat pytest exit 5 as failure"


def test_test_script_runs_pytest_in_parallel_with_setup() -> None:
    text = (REPO_ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert "scripts/setup.sh --test" in text
    assert re.search(r"-m pytest -n 2 --dist loadfile .*\"\$@\"", text)


def test_readme_names_the_two_commands_and_they_exist() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^bash (scripts/[\w.-]+\.sh)$", readme, re.M)
    assert "scripts/run-app.sh" in commands
    assert "scripts/test.sh" in commands
    for rel in commands:
        assert (REPO_ROOT / rel).is_file(), f"README names {rel}, which does not exist"


# --- (e) requirements and config ------------------------------------------------

PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[a-z0-9,_-]+\])?==[0-9][A-Za-z0-9.+!-]*$")


def _requirement_lines(name: str) -> list[str]:
    lines = (REPO_ROOT / name).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]


def test_requirements_are_exact_pins() -> None:
    app = _requirement_lines("requirements.txt")
    assert app, "requirements.txt is empty"
    bad = [ln for ln in app if not PIN.match(ln)]
    assert not bad, f"requirements.txt: not 'name==version': {bad}"

    test = _requirement_lines("requirements-test.txt")
    assert test[0] == "-r requirements.txt"
    bad = [ln for ln in test[1:] if not PIN.match(ln)]
    assert not bad, f"requirements-test.txt: not 'name==version': {bad}"


def test_installed_versions_match_pins() -> None:
    wrong = []
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in _requirement_lines(name):
            if line.startswith("-r "):
                continue
            dist, version = line.split("==")
            dist = dist.split("[")[0]  # an extra (psycopg[binary]) pins the same distribution
            try:
                installed = metadata.version(dist)
            except metadata.PackageNotFoundError:
                installed = "not installed"
            if installed != version:
                wrong.append(f"{dist}: pinned {version}, installed {installed}")
    assert not wrong, "run `bash scripts/setup.sh --test`:\n" + "\n".join(wrong)


def test_pyproject_is_config_only() -> None:
    data = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "project" not in data and "build-system" not in data
    assert data["tool"]["pytest"]["ini_options"]["testpaths"] == ["tests"]


def test_streamlit_config_uses_only_known_options() -> None:
    from streamlit import config as st_config

    data = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    known = set(st_config._config_options_template)
    unknown = [
        f"{section}.{key}"
        for section, options in data.items()
        for key, value in options.items()
        if not isinstance(value, dict) and f"{section}.{key}" not in known
    ]
    assert not unknown, f".streamlit/config.toml: unknown options {unknown}"
    assert data["server"]["headless"] is True
    assert data["browser"]["gatherUsageStats"] is False


def test_dockerfile_serves_streamlit_with_healthcheck() -> None:
    text = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.count("FROM python:3.11-slim-bookworm") == 1
    assert "EXPOSE 8501" in text
    assert "/_stcore/health" in text
    assert "SIMULATOR_DB=/data/simulator.duckdb" in text
    assert "requirements.txt" in text
