"""No import cycle between the project's modules, counting imports inside functions too (so no
module dodges a cycle with a function-level import), and the core imports no feature app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("portal", "home", "notices", "member_center", "certificates", "activities")
FEATURE_APPS = (
    "home",
    "notices",
    "certificates",
    "member_center.profiles",
    "member_center.tickets",
    "member_center.cards",
    "activities",
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            module = node.module or ""
            if node.level:
                module = f"{base}.{module}" if module else base
            # `from package import submodule` imports the submodule.
            targets = [f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in modules]
            targets.append(module)
        else:
            continue
        found.update(target for target in targets if target in modules and target != name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    # Package __init__ modules are empty here; leaving them out keeps `import a.b` from
    # looking like a dependency on everything under `a`.
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    inits = {name for name, path in modules.items() if path.name == "__init__.py"}
    return {name: targets - inits for name, targets in graph.items() if name not in inits}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_project_modules_import_each_other_without_a_cycle():
    assert find_cycle(import_graph()) is None


def test_the_graph_sees_imports_inside_functions():
    graph = {"a": {"b"}, "b": {"a"}}

    assert find_cycle(graph) == ["a", "b", "a"]
    assert "certificates.models" in import_graph()["certificates.snapshot"]


@pytest.mark.parametrize("module", ["home.models", "certificates.models", "certificates.wording"])
def test_models_import_neither_their_renderers_nor_other_apps_pages(module):
    assert not import_graph()[module] & {"certificates.snapshot", "certificates.rendering", "notices.models"}


def test_the_core_imports_no_feature_app():
    """The core (member_center without its profiles and tickets apps, and portal) reaches the apps only
    through hooks; portal.urls, which mounts every app's URLs, is the one exception."""
    graph = import_graph()
    core = [
        name
        for name in graph
        if name.startswith(("member_center.", "portal."))
        and not name.startswith(("member_center.profiles", "member_center.tickets", "member_center.cards"))
    ]
    imports = {name: {target for target in graph[name] if target.startswith(FEATURE_APPS)} for name in core}

    assert {name: targets for name, targets in imports.items() if targets and name != "portal.urls"} == {}
