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
from collections.abc import Callable, Iterator
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


# --- rule 4: data text reaches Markdown only through ui.safe.md ---------------------

#: Streamlit calls that render their text as Markdown -> the arguments holding that text
#: (positional indexes, keyword names). ``help=`` is Markdown on every one of them.
MARKDOWN_CALLS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "markdown": ((0,), ("body", "help")),
    "caption": ((0,), ("body", "help")),
    "info": ((0,), ("body",)),
    "warning": ((0,), ("body",)),
    "error": ((0,), ("body",)),
    "success": ((0,), ("body",)),
    "toast": ((0,), ("body",)),
    "metric": ((0, 1, 2), ("label", "value", "delta", "help")),
    "tabs": ((0,), ("tabs",)),
    # ui.state.lever / ui.widgets.param_lever(widget, key, label, help=...)
    "lever": ((2,), ("label", "help")),
    "param_lever": ((2,), ("label", "help")),
    **{
        widget: ((0,), ("label", "help"))
        for widget in (
            "button",
            "checkbox",
            "toggle",
            "slider",
            "select_slider",
            "number_input",
            "text_input",
            "text_area",
            "selectbox",
            "radio",
            "multiselect",
            "pills",
            "segmented_control",
            "date_input",
            "file_uploader",
            "download_button",
            "link_button",
            "form_submit_button",
            "expander",
            "popover",
        )
    },
}
#: Receivers whose ``.info``/``.warning``/``.error`` are logging, not Streamlit.
NOT_STREAMLIT = frozenset({"log", "logger", "logging", "warnings", "_log", "LOG", "LOGGER"})
#: The escape helper (``ui.safe.md``, also reached as ``w.md`` / ``widgets.md``).
ESCAPE_HELPER = "md"
#: Translations: safe when every argument is.
TEXT_FUNCS = frozenset({"tr"})
#: ``ui.fmt`` number formatters: their output is digits, separators and a fixed unit.
NUMBER_FUNCS = frozenset({"num", "mnok", "nok", "fte", "pct", "signed_mnok"})
#: Helpers whose output is safe Markdown (their returns are checked where they are defined):
#: ``ui.widgets.number_word`` (a count as a word), ``param_help`` (a parameter's help text,
#: its data parts escaped), ``ui.econ_charts.headline_text`` (numbers and years),
#: ``ui.baselines.table_list`` (table labels and file names, escaped).
SAFE_FUNCS = frozenset(
    {"number_word", "param_help", "headline_text", "version_label", "table_list"}
)
#: A function whose name ends with this returns safe Markdown; its returns are checked too.
SAFE_SUFFIX = "_md"
#: Built-ins whose result is a number (digits, sign, point): safe in Markdown.
NUMERIC_FUNCS = frozenset({"int", "float", "len", "round", "abs", "min", "max", "sum"})
#: Attributes that are typed numbers in the model's pydantic objects (``Baseline.year``,
#: ``Result.price_year`` ...) or hex digests made by the code (``Baseline.hash``).
NUMERIC_ATTRS = frozenset(
    {
        "year",
        "start_year",
        "price_year",
        "base_year",
        "seed",
        "version",
        "draws",
        "payback_year",
        "hash",
        # lists of years (list[int] fields)
        "plan_years",
        "missing_milestones",
    }
)
#: String methods that keep safe text safe.
STR_METHODS = frozenset({"lower", "upper", "capitalize", "title", "strip", "rstrip", "lstrip"})
#: Where the rule applies: the app's own code (pages, ui, the entry point).
MARKDOWN_RULE_PATHS = ("app.py", "ui/", "pages/")


class _Elements(ast.expr):
    """A loop variable: one element of ``source`` (safe when every element is)."""

    def __init__(self, source: ast.expr) -> None:
        super().__init__()
        self.source = source


def _bind_loop(target: ast.expr, source: ast.expr, out: dict[str, list[ast.expr | None]]) -> None:
    if isinstance(target, ast.Name):
        out.setdefault(target.id, []).append(_Elements(source))
        return
    if isinstance(target, ast.Tuple | ast.List):
        if isinstance(source, ast.Call) and _call_name(source) == "zip":
            if len(source.args) == len(target.elts):
                for t, a in zip(target.elts, source.args, strict=True):
                    _bind_loop(t, a, out)
                return
        elif (
            isinstance(source, ast.Call)
            and _call_name(source) == "enumerate"
            and len(target.elts) == 2
            and source.args
        ):
            _bind_loop(target.elts[0], ast.List(elts=[]), out)  # the index: a number
            _bind_loop(target.elts[1], source.args[0], out)
            return
        for t in target.elts:  # unpacking one element: safe when all its parts are
            _bind_loop(t, source, out)
        return
    for n in ast.walk(target):
        if isinstance(n, ast.Name):
            out.setdefault(n.id, []).append(None)


def _code_constant(name: str, scope: dict[str, list[ast.expr | None]]) -> bool:
    """An UPPER_CASE name not assigned in this scope (imported or module-level): a
    constant of the code such as ``MODEL_VERSION`` or ``TABLES``, not data."""
    return name.isupper() and all(v is None for v in scope.get(name, []))


def _comprehension_scope(
    node: ast.ListComp | ast.GeneratorExp | ast.SetComp, scope: dict[str, list[ast.expr | None]]
) -> dict[str, list[ast.expr | None]]:
    """The scope inside a comprehension: its own loop variables hide the outer names."""
    own: dict[str, list[ast.expr | None]] = {}
    for gen in node.generators:
        _bind_loop(gen.target, gen.iter, own)
    return {**scope, **own}


class _MarkdownChecker:
    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.module_bindings = self._bindings(tree)
        self.functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.functions.setdefault(node.name, []).append(node)

    @staticmethod
    def _bindings(scope: ast.AST) -> dict[str, list[ast.expr | None]]:
        """name -> the values bound to it in this scope (None: bound to something unknown,
        such as a parameter, a loop variable or a ``with`` target)."""
        out: dict[str, list[ast.expr | None]] = {}

        def unknown(target: ast.AST) -> None:
            for n in ast.walk(target):
                if isinstance(n, ast.Name):
                    out.setdefault(n.id, []).append(None)

        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            a = scope.args
            for arg in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg):
                if arg is not None:
                    out.setdefault(arg.arg, []).append(None)
        for node in _walk_scope(scope):
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        out.setdefault(t.id, []).append(node.value)
                    else:
                        unknown(t)
            elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr) and isinstance(
                node.target, ast.Name
            ):
                out.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.For | ast.AsyncFor):
                _bind_loop(node.target, node.iter, out)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("append", "extend", "insert")
                and isinstance(node.func.value, ast.Name)
                and node.args
            ):  # parts.append(x): x becomes part of parts
                arg = node.args[-1]
                value = ast.List(elts=[arg]) if node.func.attr != "extend" else _Elements(arg)
                out.setdefault(node.func.value.id, []).append(value)
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                unknown(node.optional_vars)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                out.setdefault(node.name, []).append(None)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                for alias in node.names:
                    out.setdefault((alias.asname or alias.name).split(".")[0], []).append(None)
        return out

    def safe(
        self, node: ast.expr | None, scope: dict[str, list[ast.expr | None]], depth: int = 0
    ) -> bool:
        if node is None or depth > 40:
            return node is None
        d = depth + 1
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self.safe(v, scope, d) for v in node.values)
        if isinstance(node, ast.FormattedValue):
            spec = node.format_spec
            if (  # a numeric format ("{x:,.0f}") turns anything else into an error
                isinstance(spec, ast.JoinedStr)
                and len(spec.values) == 1
                and isinstance(spec.values[0], ast.Constant)
                and (
                    str(spec.values[0].value)[-1:] in set("bdeEfFgGnoxX%")
                    or "%" in str(spec.values[0].value)  # strftime: digits and separators
                )
            ):
                return True
            return self.safe(node.value, scope, d)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            return self.safe(node.left, scope, d) and self.safe(node.right, scope, d)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body, scope, d) and self.safe(node.orelse, scope, d)
        if isinstance(node, ast.BoolOp):
            return all(self.safe(v, scope, d) for v in node.values)
        if isinstance(node, ast.Tuple | ast.List):
            return all(self.safe(v, scope, d) for v in node.elts)
        if isinstance(node, ast.Starred):
            return self.elements_safe(node.value, scope, d)
        if isinstance(node, ast.ListComp | ast.GeneratorExp):
            return self.safe(node.elt, _comprehension_scope(node, scope), d)
        if isinstance(node, _Elements):
            return self.elements_safe(node.source, scope, d)
        if isinstance(node, ast.Subscript):  # an item of a safe list (NAMES[i])
            return self.elements_safe(node.value, scope, d)
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Subscript)
            and isinstance(node.value.value, ast.Name)
            and _code_constant(node.value.value.id, scope)
        ):
            return True  # a field of an entry of a code table (TABLES[k].filename)
        if isinstance(node, ast.Attribute):
            return node.attr in NUMERIC_ATTRS
        if isinstance(node, ast.Name) and _code_constant(node.id, scope):
            return True  # a constant of the code (MODEL_VERSION), not data
        if isinstance(node, ast.Name):
            return self.bound_all(node.id, scope, lambda v: self.safe(v, scope, d))
        if isinstance(node, ast.Call):
            name = _call_name(node)
            args = [*node.args, *(kw.value for kw in node.keywords)]
            if name == ESCAPE_HELPER or name in SAFE_FUNCS:
                return True
            if name in NUMERIC_FUNCS and isinstance(node.func, ast.Name):
                return True
            if name == "str" and isinstance(node.func, ast.Name) and len(node.args) == 1:
                return self.safe(node.args[0], scope, d)
            if name in TEXT_FUNCS:
                return all(self.safe(a, scope, d) for a in args)
            if (
                name in NUMBER_FUNCS
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "fmt"
            ):
                return True
            if name in STR_METHODS and isinstance(node.func, ast.Attribute) and not args:
                return self.safe(node.func.value, scope, d)
            if name in ("format", "join") and isinstance(node.func, ast.Attribute):
                return self.safe(node.func.value, scope, d) and all(
                    self.safe(a, scope, d) for a in args
                )
            if name and name.endswith(SAFE_SUFFIX) and name in self.functions:
                return True  # its returns are checked by safe_function_returns()
            if isinstance(node.func, ast.Name) and self.safe_callable(node.func, scope, d):
                return True
        return False

    def bound_all(
        self, name: str, scope: dict[str, list[ast.expr | None]], ok: Callable[[ast.expr], bool]
    ) -> bool:
        """``name`` is bound (in ``scope``, else in the module) and every value it is ever
        bound to is known and passes ``ok``."""
        values = scope.get(name)
        if values is None:
            values = self.module_bindings.get(name)
        return bool(values) and all(v is not None and ok(v) for v in values)

    def elements_safe(
        self, node: ast.expr, scope: dict[str, list[ast.expr | None]], depth: int
    ) -> bool:
        """Every element of the iterable ``node`` is safe."""
        d = depth + 1
        if depth > 40:
            return False
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return all(self.safe(e, scope, d) for e in node.elts)
        if isinstance(node, ast.Dict):  # NAMES[key]: every value
            return all(self.safe(v, scope, d) for v in node.values)
        if isinstance(node, ast.Attribute):
            return node.attr in NUMERIC_ATTRS
        if isinstance(node, ast.Subscript):  # TABLE[k]: every value of TABLE is a safe list
            return self.values_elements_safe(node.value, scope, d)
        if isinstance(node, ast.ListComp | ast.GeneratorExp | ast.SetComp):
            return self.safe(node.elt, _comprehension_scope(node, scope), d)
        if isinstance(node, ast.IfExp):
            return self.elements_safe(node.body, scope, d) and self.elements_safe(
                node.orelse, scope, d
            )
        if isinstance(node, ast.Name) and _code_constant(node.id, scope):
            values = self.module_bindings.get(node.id)
            if not values or any(v is None for v in values):
                return True  # an imported constant of the code (DEFAULT_MILESTONES)
        if isinstance(node, ast.Name):
            return self.bound_all(
                node.id,
                scope,
                lambda v: self.elements_safe(v.source if isinstance(v, _Elements) else v, scope, d),
            )
        if isinstance(node, ast.Call) and _call_name(node) in (
            "sorted",
            "reversed",
            "list",
            "tuple",
        ):
            return bool(node.args) and self.elements_safe(node.args[0], scope, d)
        return isinstance(node, ast.Call) and _call_name(node) == "range"

    def safe_callable(
        self, node: ast.expr, scope: dict[str, list[ast.expr | None]], depth: int
    ) -> bool:
        """``node`` is a ``ui.fmt`` number formatter or a lambda returning safe text
        (``lvl = fmt.mnok if money else (lambda v: fmt.num(v, 1))``)."""
        d = depth + 1
        if depth > 40:
            return False
        if isinstance(node, ast.Attribute):
            return (
                node.attr in NUMBER_FUNCS
                and isinstance(node.value, ast.Name)
                and node.value.id == "fmt"
            )
        if isinstance(node, ast.Lambda):
            return self.safe(node.body, {**scope, **self._bindings(node)}, d)
        if isinstance(node, ast.IfExp):
            return self.safe_callable(node.body, scope, d) and self.safe_callable(
                node.orelse, scope, d
            )
        if isinstance(node, ast.Name):
            return self.bound_all(node.id, scope, lambda v: self.safe_callable(v, scope, d))
        return False

    def values_elements_safe(
        self, node: ast.expr, scope: dict[str, list[ast.expr | None]], depth: int
    ) -> bool:
        """Every item of the mapping or sequence ``node`` is itself a safe sequence."""
        d = depth + 1
        if depth > 40:
            return False
        if isinstance(node, ast.Dict):
            return all(self.elements_safe(v, scope, d) for v in node.values)
        if isinstance(node, ast.List | ast.Tuple):
            return all(self.elements_safe(e, scope, d) for e in node.elts)
        if isinstance(node, ast.Name) and _code_constant(node.id, scope):
            values = self.module_bindings.get(node.id)
            if not values or any(v is None for v in values):
                return True  # an imported table of the code (KIND_LABELS)
        if isinstance(node, ast.Name):
            return self.bound_all(node.id, scope, lambda v: self.values_elements_safe(v, scope, d))
        return False

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        for scope_node in _scopes(self.tree):
            scope = self._bindings(scope_node) if scope_node is not self.tree else {}
            for node in _walk_scope(scope_node):
                if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                    continue
                method = node.func.attr
                if method not in MARKDOWN_CALLS:
                    continue
                recv = node.func.value
                if isinstance(recv, ast.Name) and recv.id in NOT_STREAMLIT:
                    continue
                positions, keywords = MARKDOWN_CALLS[method]
                texts = [node.args[i] for i in positions if i < len(node.args)]
                texts += [kw.value for kw in node.keywords if kw.arg in keywords]
                for text in texts:
                    if not self.safe(text, scope):
                        found.append(
                            (
                                text.lineno,
                                f".{method}() gets text that is not a literal, a tr() of "
                                f"literals, a number from ui.fmt or md(...): "
                                f"{ast.unparse(text)[:60]!r}",
                            )
                        )
            if isinstance(scope_node, ast.FunctionDef | ast.AsyncFunctionDef) and (
                scope_node.name.endswith(SAFE_SUFFIX) or scope_node.name in SAFE_FUNCS
            ):
                for node in _walk_scope(scope_node):
                    if isinstance(node, ast.Return) and not self.safe(node.value, scope):
                        found.append(
                            (
                                node.lineno,
                                f"{scope_node.name}() promises safe Markdown but returns "
                                f"{ast.unparse(node.value)[:60] if node.value else 'None'!r}",
                            )
                        )
        return sorted(set(found))


def unescaped_markdown(tree: ast.Module) -> list[Finding]:
    return _MarkdownChecker(tree).findings()


def escape_helper_definitions(tree: ast.Module) -> list[Finding]:
    return [
        (node.lineno, f"a second definition of {ESCAPE_HELPER}()")
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == ESCAPE_HELPER
    ]


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


# --- rule 4: data text reaches Markdown only through ui.safe.md -----------------------


def _markdown_rule_files() -> list[Path]:
    return [p for p in repo_python_files() if rel(p).startswith(MARKDOWN_RULE_PATHS)]


def test_markdown_rule_covers_the_app() -> None:
    names = {rel(p) for p in _markdown_rule_files()}
    assert {"app.py", "ui/layout.py", "ui/safe.py", "pages/oversikt.py"} <= names


def test_data_text_reaches_markdown_only_through_md() -> None:
    findings = {rel(p): unescaped_markdown(parse(p)) for p in _markdown_rule_files()}
    findings = {k: v for k, v in findings.items() if v}
    assert not findings, "wrap data/user text in ui.safe.md():\n" + _report(findings)


def test_one_escape_helper() -> None:
    findings = {
        rel(p): escape_helper_definitions(parse(p))
        for p in repo_python_files()
        if rel(p) != "ui/safe.py"
    }
    findings = {k: v for k, v in findings.items() if v}
    assert not findings, "use ui.safe.md, do not define another:\n" + _report(findings)
    assert escape_helper_definitions(parse(REPO_ROOT / "ui" / "safe.py"))


@pytest.mark.parametrize(
    "src",
    [
        "st.caption(b.municipality)",
        "st.markdown(f'**{scenario.name}**')",
        "st.info(tr('Lagret ', 'Saved ') + name)",
        "st.warning(tr(f'Slette «{x.name}»?', f'Delete {x.name}?'))",
        "def f(msg):\n    st.error(msg)\n",
        "c[0].metric(tr('Grunnlag', 'Baseline'), b.name)",
        "col.metric('Netto', value, help=b.description)",
        "st.toast(', '.join(sorted(overrides)))",
        "st.sidebar.caption(str(b.name))",
        "for s in sites:\n    st.checkbox(s.name, key=s.name)\n",
        "st.expander(f'{m.label_nb} ({n})')",
        "st.number_input(pick(m, 'label') + ': start')",
        "st.caption(fmt.param_value(p.value, p.unit))",
        "x = b.name\nst.caption('Data: ' + x)",
        "def row_md(b):\n    return b.name\n\nst.caption(row_md(b))",
        "st.markdown(body=text)",
        "st.markdown(f'{name!r}')",
        "parts = [tr('a', 'b')]\nparts.append(b.name)\nst.caption(' '.join(parts))",
        "for y in r.years:\n    st.caption(y)\n",
        "L = {'a': (x.name, 'b')}\nst.caption(', '.join(tr(*L[k]) for k in keys))",
        "y = 1\nst.caption(', '.join(str(y) for y in names))",
        "def f(labels):\n    for lbl, v in labels:\n        st.button(f'{lbl} {fmt.pct(v)}')\n",
        "lvl = lambda v: v.name\nst.caption(lvl(x))",
        "st.caption(f'{name:>10}')",
    ],
)
def test_unescaped_markdown_caught(src: str) -> None:
    assert unescaped_markdown(_tree(src)), src


@pytest.mark.parametrize(
    "src",
    [
        "st.caption('Plain literal with **bold**')",
        "st.info(tr('Ingen tiltak.', 'No measures.'))",
        "st.caption(md(b.description))",
        "st.caption(w.md(b.description))",
        "st.warning(tr(f'Slette «{md(x.name)}»?', f'Delete {md(x.name)}?'))",
        "c[0].metric(tr('Netto', 'Net'), fmt.mnok(t.net), help=tr('Per år', 'Per year'))",
        "st.caption(f'Beløp i {r.price_year}-kroner, {MODEL_VERSION}')",
        "st.caption(tr('Endret: ', 'Changed: ') + md(', '.join(sorted(o))))",
        "msg = tr('a', 'b')\nmsg += md(name)\nst.warning(msg)",
        "def row_md(b):\n    return md(b.name) + ' · ' + fmt.num(b.places)\n\nst.caption(row_md(b))",
        "st.caption(f'{len(sites)} sites, {n:,.0f} kr')",
        "log.warning(f'bad {name}')",
        "logger.info(name)",
        "st.button(tr('Ja', 'Yes'), key=f'btn:{name}')",
        "st.caption(' · '.join(md(s) for s in names))",
        "L = {'a': ('A', 'a')}\nst.caption(', '.join(tr(*L[k]).lower() for k in keys))",
        "m = [y for y in range(3)]\nm.append(int(h))\nst.caption(', '.join(str(y) for y in m))",
        "items = [(tr('a', 'b'), fmt.mnok(x))]\nfor col, (l, v) in zip(cols, items):\n"
        "    col.metric(l, v)\n",
        "lvl = fmt.mnok if a else (lambda v: fmt.num(v, 1))\nst.caption(lvl(x))",
        "st.caption(f'{d:%d.%m.%Y %H:%M}')",
        "st.info(tr('Mangler: ', 'Missing: ') + ', '.join(TABLES[k].filename for k in m))",
    ],
)
def test_escaped_markdown_passes(src: str) -> None:
    assert unescaped_markdown(_tree(src)) == [], src


def test_second_escape_helper_caught() -> None:
    assert escape_helper_definitions(_tree("def md(t):\n    return t\n"))
    assert escape_helper_definitions(_tree("from ui.safe import md\nst.caption(md(x))")) == []


# --- the helper itself (the browser test checks what Streamlit makes of it) -------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("[x](https://example.invalid)", "\\[x\\](https\\:\u2060//example.invalid)"),
        ("![](http://h/x.png)", "\\!\\[\\](http\\:\u2060//h/x.png)"),
        (":red[x]", "\\:\u2060red\\[x\\]"),
        ("$x^2$", "\\$x^2\\$"),
        ("<b>x</b> &amp;", "\\<b\\>x\\</b\\> \\&amp;"),
        ("www.example.no", "www\u2060.example.no"),
        ("bob@example.no", "bob\\@\u2060example.no"),
        ("- a", "\\- a"),
        ("1. a", "1\\. a"),
        ("## a", "\\## a"),
        ("a\n\n---\nb", "a --- b"),
        ("*a* _b_ `c` ~d~ | e", "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\| e"),
        ("Alver (demo) egen-2024 -11,0 0.9.0", "Alver (demo) egen-2024 -11,0 0.9.0"),
        ("a\u200bb\u202ec", "abc"),
    ],
)
def test_md_escapes(text: str, escaped: str) -> None:
    from ui.safe import md

    assert md(text) == escaped


def test_md_caps_length() -> None:
    from ui.safe import md

    out = md("a" * 5000, max_chars=100)
    assert len(out) == 100 and out.endswith("…")


def test_test_files_have_unique_names() -> None:
    """pytest imports test files by their base name (the test folders are not packages), so
    two ``test_x.py`` in different folders collide in a full run: "import file mismatch"."""
    seen: dict[str, Path] = {}
    clashes = []
    for path in sorted((REPO_ROOT / "tests").rglob("test_*.py")):
        if path.name in seen:
            clashes.append(
                f"{seen[path.name].relative_to(REPO_ROOT)} ~ {path.relative_to(REPO_ROOT)}"
            )
        seen.setdefault(path.name, path)
    assert not clashes, clashes
