"""Every CONCORD_* variable is read in one place, the settings module, beside a comment saying
what it does, and listed in the README; every other module reads django.conf.settings (or, in
the analytics core and concord.stats, which have no Django, is passed the value).

The source is read, not run: `ast` finds where the environment is read, a pattern every name
mentioned anywhere under src/."""

import ast
import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
SETTINGS = SRC / "concord" / "config" / "settings.py"
README = ROOT / "README.md"
TEXT = {".py", ".html", ".txt", ".md", ".toml", ".json", ".js", ".css", ".cfg", ".ini"}
NAME = re.compile(r"CONCORD_[A-Z0-9_]+(\*)?")
READERS = {"get", "setdefault", "pop", "__getitem__", "__contains__"}
HANDED_ON = {"copy", "items", "keys", "values"}  # the environment given to a child process


def is_environ(node: ast.AST, imported: set[str]) -> bool:
    """`os.environ`, or `environ` imported from os."""
    if isinstance(node, ast.Attribute):
        return node.attr == "environ" and isinstance(node.value, ast.Name) and node.value.id == "os"
    return isinstance(node, ast.Name) and node.id == "environ" and "environ" in imported


def is_getenv(node: ast.AST, imported: set[str]) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == "getenv" and isinstance(node.value, ast.Name) and node.value.id == "os"
    return isinstance(node, ast.Name) and node.id == "getenv" and "getenv" in imported


def constants(tree: ast.Module) -> dict[str, str]:
    """Module-level names bound to a string: `KEY = "CONCORD_..."` then `os.environ[KEY]`."""
    found = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant):
            for target in stmt.targets:
                if isinstance(target, ast.Name) and isinstance(stmt.value.value, str):
                    found[target.id] = stmt.value.value
    return found


def key_of(node: ast.AST | None, named: dict[str, str]) -> str | None:
    """The variable's name, where the source says it; None where it is computed."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return named.get(node.id)
    return None


def environment_reads(source: str) -> list[tuple[int, str | None, str]]:
    """(line, name or None, how) for each read of the environment: `os.environ[...]`,
    `os.environ.get(...)` and the like, `... in os.environ`, `os.getenv(...)`, and
    `os.environ` itself bound to a name or passed on (which reads what it likes later).
    Unpacking or copying it for a child process is no read."""
    tree = ast.parse(source)
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "os"
        for alias in node.names
    }
    named, parents = constants(tree), {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    reads = []
    for node in ast.walk(tree):
        parent = parents.get(node)
        if is_getenv(node, imported) and isinstance(parent, ast.Call) and parent.func is node:
            reads.append((node.lineno, key_of(parent.args[0] if parent.args else None, named),
                          "getenv"))  # fmt: skip
            continue
        if not is_environ(node, imported):
            continue
        if isinstance(parent, ast.Subscript) and parent.value is node:
            reads.append((node.lineno, key_of(parent.slice, named), "environ[...]"))
        elif isinstance(parent, ast.Attribute) and parent.attr in READERS:
            call = parents.get(parent)
            args = call.args if isinstance(call, ast.Call) else []
            reads.append((node.lineno, key_of(args[0] if args else None, named), parent.attr))
        elif isinstance(parent, ast.Attribute) and parent.attr in HANDED_ON:
            continue
        elif isinstance(parent, ast.Compare) and node in parent.comparators:
            reads.append((node.lineno, key_of(parent.left, named), "in"))
        elif isinstance(parent, ast.Dict) and node in parent.values and None in parent.keys:
            continue  # {**os.environ, ...}
        else:
            reads.append((node.lineno, None, "the whole environment"))
    return reads


def concord_reads(source: str) -> list[tuple[int, str | None, str]]:
    """The reads that take a CONCORD_ variable, or may (the name is computed)."""
    return [
        (line, name, how)
        for line, name, how in environment_reads(source)
        if name is None or name.startswith("CONCORD_")
    ]


def python_modules():
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def mentioned(text: str) -> tuple[set[str], set[str]]:
    """CONCORD_ names in a text, and prefixes written as CONCORD_OIDC_*."""
    names, prefixes = set(), set()
    for match in NAME.finditer(text):
        word = match.group(0)
        if word.endswith("*"):
            prefixes.add(word.rstrip("*"))
        elif word.rstrip("_") != "CONCORD":
            names.add(word.rstrip("_"))
    return names, prefixes


def settings_tree() -> ast.Module:
    return ast.parse(SETTINGS.read_text())


def read_in_settings() -> set[str]:
    """The CONCORD_ variables settings reads."""
    return {name for _, name, _ in concord_reads(SETTINGS.read_text()) if name}


def assigned_in_settings() -> set[str]:
    return {
        target.id
        for stmt in settings_tree().body
        if isinstance(stmt, ast.Assign)
        for target in stmt.targets
        if isinstance(target, ast.Name)
    }


def settings_comments() -> str:
    tokens = tokenize.generate_tokens(io.StringIO(SETTINGS.read_text()).readline)
    return "\n".join(t.string for t in tokens if t.type == tokenize.COMMENT)


# -- the checker finds what it should ----------------------------------------------------------


def test_the_checker_finds_each_way_of_reading_a_concord_variable():
    source = """
import os
from os import environ, getenv
KEY = "CONCORD_KEY"
a = os.environ.get("CONCORD_A", "1")
b = os.environ["CONCORD_B"]
c = os.getenv("CONCORD_C")
d = getenv("CONCORD_D")
e = "CONCORD_E" in os.environ
f = environ.get(KEY)
g = os.environ.get(name)
h = os.environ
"""
    found = {(name, how) for _, name, how in concord_reads(source)}
    assert found == {
        ("CONCORD_A", "get"),
        ("CONCORD_B", "environ[...]"),
        ("CONCORD_C", "getenv"),
        ("CONCORD_D", "getenv"),
        ("CONCORD_E", "in"),
        ("CONCORD_KEY", "get"),
        (None, "get"),
        (None, "the whole environment"),
    }


def test_the_checker_lets_other_variables_and_a_childs_environment_be():
    source = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concord.config.settings")
home = os.environ.get("HOME")
child = {**os.environ, "PYTHONPATH": "src"}
copied = os.environ.copy()
"""
    assert concord_reads(source) == []


# -- the source keeps to it --------------------------------------------------------------------


def test_only_the_settings_module_reads_concord_variables_from_the_environment():
    found = [
        f"{path.relative_to(SRC)}:{line} reads {name or 'a computed name'} ({how})"
        for path in python_modules()
        if path != SETTINGS
        for line, name, how in concord_reads(path.read_text())
    ]
    assert not found, (
        "read these in concord/config/settings.py and use django.conf.settings (or pass the "
        "value in, where the module has no Django):\n" + "\n".join(found)
    )


def test_every_concord_name_in_the_source_is_declared_in_settings():
    declared = read_in_settings() | assigned_in_settings()
    undeclared, prefixes = {}, set()
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in TEXT or not path.is_file():
            continue
        names, found_prefixes = mentioned(path.read_text(errors="replace"))
        prefixes |= found_prefixes
        for name in names - declared:
            undeclared.setdefault(name, str(path.relative_to(SRC)))
    assert not undeclared, f"not declared in settings: {undeclared}"
    assert all(any(d.startswith(p) for d in declared) for p in prefixes), prefixes


def test_every_variable_settings_reads_has_its_comment_and_a_line_in_the_readme():
    names, comments, readme = read_in_settings(), settings_comments(), README.read_text()
    assert {"CONCORD_VAR_DIR", "CONCORD_ACCOUNTABILITY_AUTO_REFRESH", "CONCORD_PORT"} <= names
    assert not [n for n in names if not re.search(rf"\b{n}\b", comments)], "without a comment"
    assert not [n for n in names if not re.search(rf"`{n}`", readme)], "missing from README"
    in_readme, _ = mentioned(readme)
    assert not in_readme - names, "README names variables settings does not read"
