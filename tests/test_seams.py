"""Seams between the parts: each heavy or fragile library sits behind one module, and the domain
never depends on the terminal UI.

Why it matters: durable-rules crashes the process if used carelessly, so one module must own it;
the solver library and networkx must be swappable in one place; and the command line must start
fast and work where textual is broken, so `csip assess` must not load it. The imports are read with
`ast` (real import statements, wherever they are written, and `import_module("...")` calls), so a
comment or a string mentioning a library does not count and an import inside a function does.
"""

from __future__ import annotations

import ast
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("planner", "rules", "frameworks", "scenarios", "tui")


@dataclass(frozen=True)
class Import:
    module: str
    """The module the file imports, absolute (relative imports resolved)."""
    file: str
    """Repository-relative path of the importing file, with forward slashes."""
    function: str
    """The enclosing function, or "" for an import at module level."""
    typing_only: bool = False
    """Under `if TYPE_CHECKING:`: read by type checkers, never run."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


class _Collector(ast.NodeVisitor):
    def __init__(self, path: Path):
        self.path = path
        self.file = path.relative_to(REPO).as_posix()
        name = _module_name(path)
        self.package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        self.stack: list[str] = []
        self.found: list[Import] = []
        self.typing_only = False

    def _add(self, module: str) -> None:
        self.found.append(Import(module, self.file, ".".join(self.stack), self.typing_only))

    def visit_If(self, node: ast.If) -> None:
        if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            self.typing_only = True
            for child in node.body:
                self.visit(child)
            self.typing_only = False
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")
            base = base[: len(base) - (node.level - 1)]
            module = ".".join([*base, node.module] if node.module else base)
        else:
            module = node.module or ""
        self._add(module)
        for alias in node.names:  # `from planner import graph` imports planner.graph
            self._add(f"{module}.{alias.name}")

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            self._add(str(node.args[0].value))
        self.generic_visit(node)


@lru_cache(maxsize=1)
def _scan() -> tuple[tuple[Import, ...], tuple[str, ...]]:
    found: list[Import] = []
    broken: list[str] = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            try:
                tree = ast.parse(path.read_text("utf-8"), filename=str(path))
            except SyntaxError as exc:
                broken.append(f"{path.relative_to(REPO).as_posix()}:{exc.lineno}: {exc.msg}")
                continue
            collector = _Collector(path)
            collector.visit(tree)
            found.extend(collector.found)
    return tuple(found), tuple(broken)


def all_imports() -> list[Import]:
    """Every import in the project's packages; a file that does not parse cannot be checked, so
    it fails the scan (naming the file) rather than passing unseen."""
    found, broken = _scan()
    assert not broken, "cannot check the imports of: " + "; ".join(broken)
    return list(found)


def importers(top: str) -> set[str]:
    """Files that import `top` or any of its submodules."""
    return {i.file for i in all_imports() if i.module == top or i.module.startswith(top + ".")}


def test_the_scanner_sees_real_imports() -> None:
    """The scan must find the imports we know exist, or the tests below prove nothing."""
    found = all_imports()
    assert Import("durable", "rules/engine.py", "") in found
    assert any(i.module == "networkx" and i.file == "planner/graph.py" for i in found)
    assert any(i.module == "pulp" for i in found)
    assert any(i.module == "planner.graph" and i.file == "planner/load/actions.py" for i in found)


def test_only_the_engine_module_imports_durable_rules() -> None:
    assert importers("durable") == {"rules/engine.py"}


def test_only_the_optimiser_imports_pulp() -> None:
    files = importers("pulp")
    assert files
    assert all(f.startswith("planner/optimize/") for f in files), files


def test_only_the_graph_module_imports_networkx() -> None:
    assert importers("networkx") == {"planner/graph.py"}


def test_only_the_tui_imports_textual() -> None:
    assert all(f.startswith("tui/") for f in importers("textual")), importers("textual")


def test_planner_and_rules_never_import_the_tui() -> None:
    """The one allowed door is the command that opens the TUI, importing it lazily inside
    `planner.cli.cmd_tui` (the CLI is where the application is put together)."""
    into_tui = [i for i in all_imports() if (i.module == "tui" or i.module.startswith("tui."))
                and i.file.startswith(("planner/", "rules/"))]
    assert all((i.file, i.function) == ("planner/cli/tui.py", "cmd_tui") for i in into_tui), into_tui


@pytest.mark.parametrize("package", ["planner", "rules"])
def test_domain_does_not_import_textual_even_lazily(package: str) -> None:
    assert not [f for f in importers("textual") if f.startswith(package + "/")]


def test_assess_does_not_load_textual(python: str, tmp_path: Path) -> None:
    """In a fresh interpreter: importing the CLI, the planner and the rules, and even running
    `assess`, leaves textual (and the solver library) unloaded."""
    script = (
        "import io, sys, contextlib\n"
        "import planner.plan.pipeline, planner.cli.main, rules.assess\n"
        "loaded = lambda top: sorted(m for m in sys.modules if m == top or m.startswith(top + '.'))\n"
        "assert not loaded('textual'), loaded('textual')\n"
        "assert not loaded('tui'), loaded('tui')\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = planner.cli.main.main(['assess', {str(REPO / 'scenarios' / 'herus.toml')!r}, "
        "'--json'])\n"
        "assert code == 0, code\n"
        "assert not loaded('textual'), loaded('textual')\n"
        "print('ok')\n"
    )
    proc = subprocess.run([python, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=60,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def _planner_graph() -> dict[str, set[str]]:
    """Module -> the planner modules it imports when run (typing-only imports left out)."""
    modules = {_module_name(p) for p in (REPO / "planner").rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for i in all_imports():
        if i.typing_only or not i.file.startswith("planner/"):
            continue
        source = _module_name(REPO / i.file)
        if i.module in modules and i.module != source:
            graph[source].add(i.module)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        m = stack.pop()
                        on_stack.discard(m)
                        component.append(m)
                        if m == node:
                            break
                    if len(component) > 1:
                        out.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return out


def test_no_import_cycles_inside_planner() -> None:
    """Modules of the planner import each other in one direction only, so each can be read (and
    imported) on top of what it depends on."""
    assert _cycles(_planner_graph()) == []


def test_cycle_check_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_plan_results_import_nothing_of_the_pipeline() -> None:
    """The result types are read by views, exports and the TUI; they must not pull in the
    pipeline (solver, rules engine) that makes them."""
    imported = {i.module for i in all_imports() if i.file == "planner/plan/results.py"}
    assert not {m for m in imported if m.startswith(("planner.plan.", "planner.optimize", "rules"))
                and m != "planner.plan.results"}, imported


def test_every_package_is_installed() -> None:
    """A package missing from pyproject's list works from the checkout and breaks once installed."""
    import tomllib

    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    found = {_module_name(p.parent) for pkg in PACKAGES for p in (REPO / pkg).rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
