"""The shape of the application code: no import cycle between its modules, none too long.

The import graph is read from the source with ast, so it sees every import that runs: at
module level and inside functions, `import a.b`, `from a import b`, relative imports, and
`importlib.import_module("a.b")` with a constant name. Imports under `if TYPE_CHECKING:`
never run and are left out (they exist to let a model name another package's model).

A cycle means two modules cannot be understood, tested or moved one without the other;
the layers (models < policy < services < views) in ARCHITECTURE.md say which way an
import should go instead.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_APP = {"tests", "migrations"}
MAX_LINES = 400


def app_modules() -> dict[str, Path]:
    """{dotted name: file} for the top-level modules and every module of the app packages."""
    packages = {
        path.name
        for path in ROOT.iterdir()
        if (path / "__init__.py").exists() and path.name not in NOT_APP
    }
    modules = {path.stem: path for path in ROOT.glob("*.py")}
    for package in packages:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(tree: ast.AST):
    """Every node of the tree except the bodies of `if TYPE_CHECKING:` blocks."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            stack.append(node.test)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The dotted name a relative `from ... import` points at, seen from `module`."""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def imported_names(module: str, path: Path) -> set[str]:
    """Every dotted name `module` may import when it runs (targets may be attributes)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                source = _absolute(module, path.name == "__init__.py", node.level, node.module)
            names.add(source)
            names.update(f"{source}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
            == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def import_graph() -> dict[str, set[str]]:
    """{module: the app modules it imports}, each name resolved to its longest module."""
    modules = app_modules()

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = {resolve(name) for name in imported_names(module, path)}
        # `from pkg import sub` also names pkg itself; a package's own __init__ is not an edge.
        graph[module] = {t for t in targets if t and t != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def a_loop(component: list[str], graph: dict[str, set[str]]) -> list[str]:
    """One concrete loop inside a cycle, to name in the failure: a -> b -> ... -> a."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph[node] & members):
            if child == start:
                return [*paths[node], start]
            if child not in paths:
                paths[child] = [*paths[node], child]
                queue.append(child)
    return component


def test_the_graph_sees_imports_inside_functions_and_relative_ones(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from .a import thing\n")
    module = package / "a.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from pkg.c import Hidden\n"
        "def f():\n"
        "    from . import b\n"
        "    import importlib\n"
        "    importlib.import_module('pkg.d')\n"
    )
    assert imported_names("pkg", package / "__init__.py") >= {"pkg.a", "pkg.a.thing"}
    names = imported_names("pkg.a", module)
    assert {"pkg", "pkg.b", "pkg.d"} <= names
    assert "pkg.c" not in names and "pkg.c.Hidden" not in names


def test_cycles_are_found_and_named():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert a_loop(["a", "b", "c"], graph) == ["a", "b", "c", "a"]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_app_modules():
    graph = import_graph()
    assert len(graph) > 50  # the app's modules were found
    loops = [
        " -> ".join(a_loop(component, graph)) + f"  (all {len(component)}: {', '.join(component)})"
        for component in cycles(graph)
    ]
    assert not loops, "import cycles:\n" + "\n".join(loops)


def test_no_app_module_over_400_lines():
    too_long = {
        name: count
        for name, path in app_modules().items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, f"split by concern, at most {MAX_LINES} lines: {too_long}"
