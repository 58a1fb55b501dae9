"""House rules, checked on the syntax tree of the repository's own Python files.

1. ``model/`` is pure: it never imports Streamlit, DuckDB, network libraries or
   the ``storage``/``ui`` layers.
2. No ``unsafe_allow_html=True`` anywhere (unless listed in ``UNSAFE_HTML_ALLOWED``
   with a reason; the list is empty).
3. SQL is never built by string formatting: the first argument of ``execute``,
   ``executemany``, ``sql`` and ``query`` is never an f-string, a ``%``-format,
   a ``+`` concatenation with a string literal or a ``.format()`` call (also not
   through a local variable assigned such an expression). Use ``?`` parameters.

Each checker is also run on a small bad snippet to prove that it catches it.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
EXCLUDED_DIRS = {".venv", "venv", "tests", "node_modules", "__pycache__", "build", "dist"}

FORBIDDEN_IN_MODEL = frozenset(
    {
        "streamlit",
        "duckdb",
        "requests",
        "urllib",
        "urllib3",
        "http",
        "socket",
        "httpx",
        "aiohttp",
        "storage",
        "ui",
        "pages",
        "app",
    }
)

# "relative/path.py" -> reason. Keep empty unless there is no other way.
UNSAFE_HTML_ALLOWED: dict[str, str] = {}

SQL_METHODS = frozenset({"execute", "executemany", "sql", "query"})
SQL_KEYWORDS = ("query", "sql", "statement", "operation")

Finding = tuple[int, str]  # (line, message)


def repo_python_files() -> list[Path]:
    files = []
    for path in sorted(REPO_ROOT.rglob("*.py")):
        parts = path.relative_to(REPO_ROOT).parts
        if any(p in EXCLUDED_DIRS or p.startswith(".") for p in parts[:-1]):
            continue
        files.append(path)
    return files


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def rel(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


# --- rule 1: model/ is pure --------------------------------------------------


def forbidden_imports(
    tree: ast.AST, forbidden: frozenset[str] = FORBIDDEN_IN_MODEL
) -> list[Finding]:
    found: list[Finding] = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and _call_name(node) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        for name in names:
            top = name.split(".")[0]
            if top in forbidden:
                found.append((getattr(node, "lineno", 0), f"model/ must not import {name!r}"))
    return found


# --- rule 2: no unsafe_allow_html=True ------------------------------------------


def unsafe_html_calls(tree: ast.AST) -> list[Finding]:
    found: list[Finding] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for kw in node.keywords:
            if kw.arg == "unsafe_allow_html" and not _is_false(kw.value):
                found.append((node.lineno, "unsafe_allow_html is not False"))
            elif kw.arg is None and isinstance(kw.value, ast.Dict):  # **{"unsafe_allow_html": ...}
                for key, value in zip(kw.value.keys, kw.value.values):
                    if (
                        isinstance(key, ast.Constant)
                        and key.value == "unsafe_allow_html"
                        and not _is_false(value)
                    ):
                        found.append((node.lineno, "unsafe_allow_html is not False"))
    return found


def _is_false(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


# --- rule 3: no SQL built by string formatting ------------------------------------


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return None


def _is_str_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _concat_has_str_literal(node: ast.expr) -> bool:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _concat_has_str_literal(node.left) or _concat_has_str_literal(node.right)
    return _is_str_literal(node)


def formatted_string_kind(node: ast.expr) -> str | None:
    """Why ``node`` is a string built by formatting, or None."""
    if isinstance(node, ast.JoinedStr):
        return "f-string"
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Mod) and _is_str_literal(node.left):
            return "%-formatting"
        if isinstance(node.op, ast.Add) and _concat_has_str_literal(node):
            return "string concatenation"
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        return ".format()"
    return None


def _sql_argument(call: ast.Call) -> ast.expr | None:
    if call.args:
        return call.args[0]
    for kw in call.keywords:
        if kw.arg in SQL_KEYWORDS:
            return kw.value
    return None


def _scopes(tree: ast.AST) -> Iterator[ast.AST]:
    yield tree
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield node


def _walk_scope(scope: ast.AST) -> Iterator[ast.AST]:
    """Nodes of one scope, not descending into nested functions."""
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            todo.extend(ast.iter_child_nodes(node))


def sql_formatting_calls(tree: ast.AST) -> list[Finding]:
    found: list[Finding] = []
    for scope in _scopes(tree):
        nodes = list(_walk_scope(scope))
        # Local names ever assigned a formatted string in this scope.
        formatted_names: dict[str, str] = {}
        str_names = {
            t.id
            for node in nodes
            if isinstance(node, ast.Assign | ast.AnnAssign)
            and node.value is not None
            and _is_str_literal(node.value)
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Name)
        }
        for node in nodes:
            if isinstance(node, ast.AugAssign):
                if isinstance(node.op, ast.Add) and isinstance(node.target, ast.Name):
                    name = node.target.id
                    if name in str_names or _is_str_literal(node.value):
                        formatted_names[name] = "string concatenation (+=)"
                continue
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            kind = formatted_string_kind(value)
            if kind:
                for target in targets:
                    if isinstance(target, ast.Name):
                        formatted_names[target.id] = kind
        for node in nodes:
            if not isinstance(node, ast.Call) or _call_name(node) not in SQL_METHODS:
                continue
            arg = _sql_argument(node)
            if arg is None:
                continue
            kind = formatted_string_kind(arg)
            if kind is None and isinstance(arg, ast.Name) and arg.id in formatted_names:
                kind = f"{formatted_names[arg.id]} (via variable {arg.id!r})"
            if kind:
                found.append(
                    (node.lineno, f"SQL passed to .{_call_name(node)}() is built by {kind}")
                )
    return sorted(found)


# --- the rules applied to the repository ----------------------------------------


def _report(findings: dict[str, list[Finding]]) -> str:
    return "\n".join(
        f"{path}:{line}: {msg}" for path, items in findings.items() for line, msg in items
    )


def test_repository_python_files_parse() -> None:
    errors = []
    for path in repo_python_files():
        try:
            parse(path)
        except SyntaxError as exc:
            errors.append(f"{rel(path)}:{exc.lineno}: {exc.msg}")
    assert not errors, "\n".join(errors)


def test_model_is_pure() -> None:
    model_files = [p for p in repo_python_files() if rel(p).startswith("model/")]
    assert model_files, "model/ has no Python files"
    findings = {rel(p): forbidden_imports(parse(p)) for p in model_files}
    findings = {k: v for k, v in findings.items() if v}
    assert not findings, "model/ must stay pure:\n" + _report(findings)


def test_no_unsafe_allow_html() -> None:
    findings = {
        rel(p): unsafe_html_calls(parse(p))
        for p in repo_python_files()
        if rel(p) not in UNSAFE_HTML_ALLOWED
    }
    findings = {k: v for k, v in findings.items() if v}
    assert not findings, "unsafe_allow_html=True is not allowed:\n" + _report(findings)


def test_allow_list_is_empty() -> None:
    assert UNSAFE_HTML_ALLOWED == {}


def test_no_sql_built_by_string_formatting() -> None:
    findings = {rel(p): sql_formatting_calls(parse(p)) for p in repo_python_files()}
    findings = {k: v for k, v in findings.items() if v}
    assert not findings, "use '?' parameters instead:\n" + _report(findings)


# --- the checkers catch bad snippets (and leave good ones alone) -------------------


def _tree(src: str) -> ast.Module:
    return ast.parse(textwrap.dedent(src))


@pytest.mark.parametrize(
    "src",
    [
        "import streamlit as st",
        "import duckdb",
        "from storage.store import Store",
        "from ui import fmt",
        "import urllib.request",
        "from http.client import HTTPConnection",
        "import socket",
        "import requests",
        "import httpx",
        "import aiohttp",
        "def f():\n    import duckdb\n",
        "import importlib\nimportlib.import_module('streamlit')",
    ],
)
def test_forbidden_imports_caught(src: str) -> None:
    assert forbidden_imports(_tree(src))


@pytest.mark.parametrize(
    "src",
    [
        "import numpy as np\nimport pandas as pd\nfrom pydantic import BaseModel",
        "from model.baseline import Baseline",
        "from .scenario import Scenario",
        "import streamlit_like_but_not",
        "import uiua",
    ],
)
def test_allowed_imports_pass(src: str) -> None:
    assert forbidden_imports(_tree(src)) == []


@pytest.mark.parametrize(
    "src",
    [
        "st.markdown('<b>x</b>', unsafe_allow_html=True)",
        "st.write(x, unsafe_allow_html=flag)",
        "st.markdown(x, **{'unsafe_allow_html': True})",
    ],
)
def test_unsafe_html_caught(src: str) -> None:
    assert unsafe_html_calls(_tree(src))


def test_safe_html_passes() -> None:
    tree = _tree("st.markdown('**x**')\nst.markdown('y', unsafe_allow_html=False)")
    assert unsafe_html_calls(tree) == []


@pytest.mark.parametrize(
    ("src", "kind"),
    [
        ('con.execute(f"SELECT * FROM t WHERE id = {i}")', "f-string"),
        ('con.executemany("INSERT INTO %s VALUES (?)" % table, rows)', "%-formatting"),
        ('con.sql("SELECT * FROM " + table)', "string concatenation"),
        ('con.query(prefix + " WHERE x = 1")', "string concatenation"),
        ('con.execute("SELECT * FROM {}".format(table))', ".format()"),
        ('duckdb.sql(query=f"SELECT {col} FROM t")', "f-string"),
        ('q = f"DELETE FROM t WHERE id = {i}"\ncon.execute(q)', "via variable 'q'"),
        ('def f(con, t):\n    q = "SELECT * FROM "\n    q += t\n    con.execute(q)\n', "via"),
    ],
)
def test_sql_formatting_caught(src: str, kind: str) -> None:
    findings = sql_formatting_calls(_tree(src))
    assert findings, src
    assert kind in findings[0][1]


@pytest.mark.parametrize(
    "src",
    [
        'con.execute("SELECT * FROM t WHERE id = ?", [i])',
        'con.executemany("INSERT INTO t VALUES (?, ?)", rows)',
        'con.sql("SELECT 1 " "FROM t")',
        "con.execute(SQL_CONSTANT, params)",
        'q = "SELECT * FROM t WHERE id = ?"\ncon.execute(q, [i])',
        'log.info(f"ran {n} statements")',
        'msg = f"{x}"\nprint(msg)',
    ],
)
def test_parameterised_sql_passes(src: str) -> None:
    assert sql_formatting_calls(_tree(src)) == []


def test_bad_snippet_is_reported_with_line_number() -> None:
    src = 'import duckdb\n\ncon = duckdb.connect()\ncon.execute(f"DROP TABLE {name}")\n'
    assert sql_formatting_calls(_tree(src)) == [
        (4, "SQL passed to .execute() is built by f-string")
    ]
