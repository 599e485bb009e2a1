"""Every write action can be reached by its users: from a page and through the API.

An action is a public function of an `actions` module or package that takes the acting
user as its first keyword-only argument (`by`). A page reaches it when a module of the app's views
(or the web kit's) refers to it; the API reaches it when an `api` module refers to it. The list is
found from the code, so a new action without a page or an endpoint fails here by name.
"""

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import concord

SRC = Path(concord.__file__).parent
APPS = sorted(p.parent.name for p in SRC.glob("*/apps.py"))


def action_modules():
    """Every module named `actions`, or inside an `actions` package, anywhere in the project."""
    for info in pkgutil.walk_packages(concord.__path__, "concord."):
        if "actions" in info.name.split(".") and "migrations" not in info.name:
            yield importlib.import_module(info.name)


def is_action(function) -> bool:
    """Public, keyword-only, acting user first: the house shape of an action."""
    if function.__name__.startswith("_"):
        return False
    params = list(inspect.signature(inspect.unwrap(function)).parameters.values())
    return bool(params) and params[0].name == "by" and params[0].kind is params[0].KEYWORD_ONLY


def actions() -> list[str]:
    """`module.name` of every action, where it is defined (not where it is re-exported)."""
    found = set()
    for module in action_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if inspect.unwrap(function).__module__ == module.__name__ and is_action(function):
                found.add(f"{module.__name__}.{name}")
    return sorted(found)


def referred_names(paths) -> set[str]:
    """Names and attributes a set of modules refers to (calls, or passes to a runner)."""
    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.alias):
                names.add(node.asname or node.name.rsplit(".", 1)[-1])
    return names


def view_files():
    for app in APPS:
        folder = SRC / app / "views"
        yield from folder.glob("*.py") if folder.is_dir() else ()
        if (SRC / app / "views.py").exists():
            yield SRC / app / "views.py"


def api_files():
    yield from (SRC / "api").glob("*.py")  # the shared API package
    for app in APPS:
        yield from (SRC / app).rglob("*api.py")  # an app's api.py and the modules it mounts


ACTIONS = actions()
ON_PAGES = referred_names(view_files())
IN_THE_API = referred_names(api_files())


def test_the_actions_are_found():
    # the shape is found in every app that writes; a rename of `by` would empty this list
    apps = {action.split(".")[1] for action in ACTIONS}
    assert {"governance", "pathways", "contracts", "accountability"} <= apps
    assert len(ACTIONS) >= 40


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_has_a_page(action):
    assert action.rsplit(".", 1)[1] in ON_PAGES, f"{action} has no page that calls it"


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_has_an_api_endpoint(action):
    assert action.rsplit(".", 1)[1] in IN_THE_API, f"{action} has no API endpoint that calls it"
