"""The import graph of a package, read with `ast`, checked against a picture of its layers.

The picture (`docs/layers.toml` for Concord) names each app, what it is, the modules it holds,
the apps it may import and whether it may use Django; its `[pending]` table lists single imports
that exist today and are on their way out, and `[upward]` the calls up the layers that stay,
each with its reason. `check` answers every problem found, each naming the importing file, the
line and the imported module, so a failing test says where to look.
"""

import ast
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ARROW = " -> "


@dataclass(frozen=True)
class Import:
    """One import statement's target, found in a module of the package."""

    file: Path  # the importing file, relative to the folder holding the package
    line: int
    importer: str  # the importing module, dotted
    imported: str  # the module imported, dotted (a name taken from a module counts as the module)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.importer} imports {self.imported}"


@dataclass(frozen=True)
class App:
    name: str
    what: str
    modules: tuple[str, ...]  # the modules it holds, each with the modules under it
    may_import: frozenset[str]
    django: bool  # False: it imports neither Django nor any app that is a Django app


@dataclass(frozen=True)
class Picture:
    package: str
    apps: dict[str, App]
    django_packages: frozenset[str]  # besides django and django_*: packages that are Django's
    pending: dict[tuple[str, str], str]  # (importing module, imported module) -> reason
    upward: dict[tuple[str, str], str]

    @classmethod
    def read(cls, path: Path) -> "Picture":
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        package = data["package"]
        apps = {
            name: App(
                name=name,
                what=entry["what"],
                modules=tuple(entry.get("modules", [f"{package}.{name}"])),
                may_import=frozenset(entry.get("may_import", [])),
                django=entry.get("django", True),
            )
            for name, entry in data["apps"].items()
        }
        return cls(
            package=package,
            apps=apps,
            django_packages=frozenset(data.get("django_packages", [])),
            pending=_arrows(data.get("pending", {})),
            upward=_arrows(data.get("upward", {})),
        )

    def app_of(self, module: str) -> str | None:
        """The app holding a module of the package: the one naming the longest part of its
        dotted name (`concord.web.exports` may be held apart from the rest of `concord.web`);
        None for a module outside the package or one no app holds."""
        if module.split(".")[0] != self.package:
            return None
        best, length = None, -1
        for app in self.apps.values():
            for held in app.modules:
                inside = held != self.package and module.startswith(held + ".")
                if (module == held or inside) and len(held) > length:
                    best, length = app.name, len(held)
        return best

    def is_django(self, module: str) -> bool:
        """Django itself, a package of Django's, or a module of an app that is a Django app."""
        top = module.split(".")[0]
        if top == "django" or top.startswith("django_") or top in self.django_packages:
            return True
        app = self.apps.get(self.app_of(module) or "")
        return app is not None and app.django


def _arrows(table: dict[str, str]) -> dict[tuple[str, str], str]:
    arrows = {}
    for arrow, reason in table.items():
        importer, _, imported = arrow.partition(ARROW)
        arrows[importer.strip(), imported.strip()] = reason
    return arrows


def modules(root: Path, package: str) -> dict[str, Path]:
    """Every module of the package under root (the folder holding it), by dotted name."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(root: Path, package: str) -> list[Import]:
    """Every import in every module of the package: at module level and inside functions and
    classes alike, relative ones resolved. `from a import b` is an import of `a.b` when that is a
    module of the package, otherwise of `a`."""
    known = modules(root, package)
    found = {}
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for line, imported in _targets(tree, module, is_package, known):
            found.setdefault(Import(path.relative_to(root), line, module, imported))
    return list(found)


def _targets(
    tree: ast.Module, module: str, is_package: bool, known: dict[str, Path]
) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, is_package)
            for alias in node.names:
                candidate = f"{base}.{alias.name}" if base else alias.name
                yield node.lineno, candidate if candidate in known else base


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    here = module.split(".") if is_package else module.split(".")[:-1]
    if node.level - 1 >= len(here):
        raise ValueError(f"{module}: relative import beyond the top of the package")
    here = here[: len(here) - (node.level - 1)]
    return ".".join(here + ([node.module] if node.module else []))


def check(root: Path, picture: Picture) -> list[str]:
    """Every way the package's imports depart from the picture, each a sentence naming where.

    Found: a module no app holds; an app importing an app the picture does not let it import
    (unless the import is one the picture lists as pending or upward); Django, or an app that is
    a Django app, imported into an app that takes no Django (whatever the lists say); a cycle
    between apps, the listed imports aside; a listed import that no longer exists; and a picture
    that is itself circular or names an app it does not describe."""
    problems = []
    listed = picture.pending | picture.upward
    seen_listed = set()
    arrows: dict[tuple[str, str], Import] = {}
    for module, path in modules(root, picture.package).items():
        if picture.app_of(module) is None:
            problems.append(
                f"{path.relative_to(root)}: module {module} is in no app of the picture"
            )
    for imp in imports(root, picture.package):
        source = picture.app_of(imp.importer)
        if source is None:
            continue
        app = picture.apps[source]
        if not app.django and picture.is_django(imp.imported):
            problems.append(f"{imp}: {source} takes no Django, and this is Django")
        target = picture.app_of(imp.imported)
        if target == source or imp.imported.split(".")[0] != picture.package:
            continue
        if target is None:
            problems.append(f"{imp}: {imp.imported} is in no app of the picture")
            continue
        if (imp.importer, imp.imported) in listed:
            seen_listed.add((imp.importer, imp.imported))
            continue
        if target not in app.may_import:
            allowed = ", ".join(sorted(app.may_import)) or "nothing"
            problems.append(
                f"{imp}: {source} may not import {target} "
                f"(the picture lets {source} import {allowed})"
            )
        arrows.setdefault((source, target), imp)
    for cycle in cycles(set(arrows)):
        steps = [arrows[cycle[i], cycle[(i + 1) % len(cycle)]] for i in range(len(cycle))]
        problems.append(
            "a cycle between apps: "
            + ARROW.join([*cycle, cycle[0]])
            + "".join(f"\n    {step}" for step in steps)
        )
    for importer, imported in sorted(set(listed) - seen_listed):
        problems.append(
            f"{importer}{ARROW}{imported} is listed in the picture but no longer imported: "
            "take it out of the list"
        )
    described = set(picture.apps)
    for name, app in picture.apps.items():
        for other in sorted(app.may_import - described):
            problems.append(f"the picture lets {name} import {other}, which it does not describe")
    allowed_arrows = {
        (name, other) for name, app in picture.apps.items() for other in app.may_import
    }
    for cycle in cycles(allowed_arrows):
        problems.append("the picture itself is circular: " + ARROW.join([*cycle, cycle[0]]))
    return problems


def cycles(arrows: set[tuple[str, str]]) -> list[list[str]]:
    """Cycles between apps: within each strongly connected group (Tarjan's algorithm), a
    shortest one through each of its arrows, each starting from its least name."""
    graph: dict[str, set[str]] = {}
    for source, target in arrows:
        graph.setdefault(source, set()).add(target)
        graph.setdefault(target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    found = []
    for group in groups:
        for source, target in sorted(arrows):
            if source in group and target in group:
                cycle = _rotated([source, *_path(target, source, graph, group)[:-1]])
                if cycle not in found:
                    found.append(cycle)
    return sorted(found)


def _path(start: str, end: str, graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest way from start to end within the group, both included."""
    paths = {start: [start]}
    frontier = [start]
    while end not in paths:
        following = []
        for node in frontier:
            for other in sorted(graph[node] & group):
                if other not in paths:
                    paths[other] = [*paths[node], other]
                    following.append(other)
        frontier = following
    return paths[end]


def _rotated(cycle: list[str]) -> list[str]:
    first = cycle.index(min(cycle))
    return cycle[first:] + cycle[:first]
