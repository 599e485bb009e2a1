"""Each module of every app but analytics and the demo that others import from says what it
offers (`__all__`), and no module reaches into another for a name it keeps to
itself (a leading underscore).

Read with `ast`, as tests/unit/test_layering.py reads imports: `from m import name`, and
`m.name` where `m` was imported as a module, in every module of src/ and tests/."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "governance",
    "accountability",
    "contracts",
    "pathways",
    "notifications",
    "jobs",
    "stats",
    "organisations",
    "indicators",
    "web",
    "api",
    "access",
    "config",
    "cli",
    "demo",
    "analytics",
)  # every app


def module_of(path: Path) -> str:
    base = ROOT / "src" if path.is_relative_to(ROOT / "src") else ROOT
    parts = list(path.relative_to(base).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources() -> dict[str, Path]:
    found = {}
    for base in (ROOT / "src" / "concord", ROOT / "tests"):
        for path in base.rglob("*.py"):
            if "migrations" not in path.parts:
                found[module_of(path)] = path
    return found


def absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    here = module.split(".") if is_package else module.split(".")[:-1]
    here = here[: len(here) - (node.level - 1)]
    return ".".join(here + ([node.module] if node.module else []))


def faced(module: str, path: Path) -> bool:
    """A module of one of the apps checked here, not a package."""
    parts = module.split(".")
    return len(parts) > 2 and parts[0] == "concord" and parts[1] in APPS and path.stem != "__init__"


def uses(known: dict[str, Path]) -> list[tuple[str, int, str, str]]:
    """(importer's file, line, module, name) for every name taken from a checked module."""
    found = []
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        as_module = {}
        where = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = absolute(node, module, is_package)
                for alias in node.names:
                    whole = f"{base}.{alias.name}"
                    if whole in known and faced(whole, known[whole]):
                        as_module[alias.asname or alias.name] = whole
                    elif base in known and faced(base, known[base]) and base != module:
                        found.append((where, node.lineno, base, alias.name))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if (
                        alias.asname
                        and alias.name in known
                        and faced(alias.name, known[alias.name])
                    ):
                        as_module[alias.asname] = alias.name
        shadowed = rebound(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and getattr(node.value, "id", None) not in shadowed
                and isinstance(node.value, ast.Name)
                and as_module.get(node.value.id, module) != module
            ):
                found.append((where, node.lineno, as_module[node.value.id], node.attr))
    return found


def rebound(tree: ast.Module) -> set[str]:
    """Names bound more than once (a second import, an assignment, an argument, a loop or
    comprehension variable): `name.attr` on one of them may not be the module imported."""
    count: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bound = [(a.asname or a.name).split(".")[0] for a in node.names]
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound = [node.id]
        elif isinstance(node, ast.arg):
            bound = [node.arg]
        else:
            continue
        for name in bound:
            count[name] = count.get(name, 0) + 1
    return {name for name, times in count.items() if times > 1}


def declared_all(path: Path) -> set[str] | None:
    """The names of the module's `__all__`, or None when it declares none."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "__all__" for t in node.targets
        ):
            return set(ast.literal_eval(node.value))
    return None


KNOWN = sources()
USES = uses(KNOWN)


def test_every_module_others_import_from_declares_all():
    imported = {module for _, _, module, name in USES if not name.startswith("__")}
    lacking = sorted(
        str(KNOWN[m].relative_to(ROOT)) for m in imported if declared_all(KNOWN[m]) is None
    )
    assert not lacking, "imported by other modules without `__all__`:\n" + "\n".join(lacking)


def test_no_module_takes_a_name_another_keeps_to_itself():
    private = sorted(
        f"{where}:{line}: {module}.{name}"
        for where, line, module, name in USES
        if name.startswith("_") and not name.startswith("__")
    )
    assert not private, "names with a leading underscore used outside their module:\n" + "\n".join(
        private
    )


@pytest.mark.parametrize("module", sorted({m for _, _, m, _ in USES}))
def test_what_others_import_is_in_the_modules_all(module):
    """A name taken from a module is one it offers, so `__all__` is the module's whole face."""
    offered = declared_all(KNOWN[module]) or set()
    taken = {
        (where, line, name)
        for where, line, m, name in USES
        if m == module and not name.startswith("_") and name not in offered
    }
    assert not taken, f"{module} does not offer: " + ", ".join(
        f"{name} ({where}:{line})" for where, line, name in sorted(taken)
    )
