"""Concord's imports keep to the layers of docs/layers.toml; and the checker, run on small
packages planted for it, fails on each way of breaking them."""

import textwrap
from pathlib import Path

from tests.layering import Picture, check, cycles, imports

ROOT = Path(__file__).resolve().parents[2]


def test_concord_keeps_to_its_layers():
    problems = check(ROOT / "src", Picture.read(ROOT / "docs" / "layers.toml"))
    assert not problems, "the imports depart from docs/layers.toml:\n" + "\n".join(problems)


def test_the_listed_imports_each_give_a_reason():
    picture = Picture.read(ROOT / "docs" / "layers.toml")
    assert all(reason.strip() for reason in {**picture.pending, **picture.upward}.values())
    assert all(app.what.strip() for app in picture.apps.values())


# ---- the checker on planted packages ---------------------------------------------------------

PICTURE = """
package = "town"

[apps.town]
what = "the package itself"
modules = ["town"]
may_import = []

[apps.maths]
what = "pure sums"
django = false
may_import = []

[apps.registry]
what = "who is who"
may_import = ["maths"]

[apps.pages]
what = "the pages"
may_import = ["maths", "registry"]

[apps.pure-pages]
what = "the part of the pages with no Django"
modules = ["town.pages.pure"]
django = false
may_import = ["maths"]
"""


def plant(tmp_path: Path, files: dict[str, str], picture: str = PICTURE) -> list[str]:
    """A package `town` with the given modules (and every package's __init__), checked against
    the picture: the problems found."""
    for name, text in {
        "town/__init__.py": "",
        "town/maths/__init__.py": "",
        "town/registry/__init__.py": "",
        "town/pages/__init__.py": "",
        **files,
    }.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    (tmp_path / "layers.toml").write_text(picture)
    return check(tmp_path, Picture.read(tmp_path / "layers.toml"))


def test_imports_down_the_layers_pass(tmp_path):
    problems = plant(
        tmp_path,
        {
            "town/maths/sums.py": "import math\n",
            "town/registry/models.py": "import django.db\nfrom ..maths import sums\n",
            "town/pages/views.py": "from town.registry import models\nimport town.maths.sums\n",
            "town/pages/pure.py": "from town.maths.sums import total\n",
        },
    )
    assert problems == []


def test_an_import_up_the_layers_fails_naming_file_line_and_module(tmp_path):
    problems = plant(
        tmp_path,
        {
            "town/registry/models.py": "import os\n\n\ndef f():\n    from town.pages import a\n",
            "town/pages/a.py": "",
        },
    )
    assert len(problems) == 1
    assert problems[0].startswith(
        "town/registry/models.py:5: town.registry.models imports town.pages.a: "
        "registry may not import pages"
    )


def test_relative_imports_are_resolved(tmp_path):
    problems = plant(
        tmp_path,
        {
            "town/maths/__init__.py": "from .. import registry\n",
            "town/maths/sums.py": "from ..pages import views\nfrom . import more\n",
            "town/maths/more.py": "",
            "town/pages/views.py": "",
        },
    )
    found = {problem.split(": ")[1] for problem in problems if "may not" in problem}
    assert found == {"town.maths imports town.registry", "town.maths.sums imports town.pages.views"}


def test_a_cycle_between_apps_fails_naming_each_import_on_it(tmp_path):
    problems = plant(
        tmp_path,
        {
            "town/registry/models.py": "def later():\n    import town.pages.views\n",
            "town/pages/views.py": "from town.registry.models import later\n",
        },
    )
    cycle = next(problem for problem in problems if problem.startswith("a cycle"))
    assert cycle.splitlines() == [
        "a cycle between apps: pages -> registry -> pages",
        "    town/pages/views.py:1: town.pages.views imports town.registry.models",
        "    town/registry/models.py:2: town.registry.models imports town.pages.views",
    ]


def test_django_in_a_pure_app_fails(tmp_path):
    problems = plant(
        tmp_path,
        {
            "town/maths/sums.py": "import django.utils\nfrom django_tasks import task\n",
            "town/maths/fast.py": "def f():\n    from town.registry import models\n",
            "town/registry/models.py": "",
        },
    )
    assert "town/maths/sums.py:1: town.maths.sums imports django.utils: " in "\n".join(problems)
    assert any(
        p.startswith("town/maths/sums.py:2: town.maths.sums imports django_tasks") for p in problems
    )
    assert any(
        p.startswith(
            "town/maths/fast.py:2: town.maths.fast imports town.registry.models: "
            "maths takes no Django"
        )
        for p in problems
    )


def test_a_pure_part_of_a_django_app_keeps_out_its_own_app(tmp_path):
    problems = plant(
        tmp_path,
        {
            "town/pages/views.py": "",
            "town/pages/pure.py": "from .views import page\n",
        },
    )
    assert any(
        p.startswith(
            "town/pages/pure.py:1: town.pages.pure imports town.pages.views: "
            "pure-pages takes no Django"
        )
        for p in problems
    )


def test_a_pending_import_passes_while_it_exists_and_fails_once_gone(tmp_path):
    picture = PICTURE + '[pending]\n"town.registry.models -> town.pages.views" = "on its way"\n'
    files = {"town/pages/views.py": "", "town/registry/models.py": "import town.pages.views\n"}
    assert plant(tmp_path, files, picture) == []
    files["town/registry/models.py"] = ""
    assert plant(tmp_path, files, picture) == [
        "town.registry.models -> town.pages.views is listed in the picture but no longer "
        "imported: take it out of the list"
    ]


def test_a_module_no_app_holds_fails(tmp_path):
    problems = plant(tmp_path, {"town/stray.py": ""})
    assert problems == ["town/stray.py: module town.stray is in no app of the picture"]


def test_a_circular_picture_fails(tmp_path):
    picture = PICTURE.replace(
        'may_import = ["maths"]\n\n[apps.pages]', 'may_import = ["maths", "pages"]\n\n[apps.pages]'
    )
    problems = plant(tmp_path, {}, picture)
    assert problems == ["the picture itself is circular: pages -> registry -> pages"]


def test_cycles_cover_every_arrow_of_a_tangle():
    arrows = {("a", "b"), ("b", "a"), ("b", "c"), ("c", "a"), ("c", "d")}
    assert cycles(arrows) == [["a", "b"], ["a", "b", "c"]]


def test_every_kind_of_import_is_read(tmp_path):
    (tmp_path / "town" / "inner").mkdir(parents=True)
    (tmp_path / "town" / "__init__.py").write_text("")
    (tmp_path / "town" / "inner" / "__init__.py").write_text("from . import leaf\n")
    (tmp_path / "town" / "inner" / "leaf.py").write_text(
        "import a.b\nfrom c import d\nclass K:\n    def m(self):\n"
        "        from ..inner import leaf\n"
    )
    found = {(i.importer, i.imported, i.line) for i in imports(tmp_path, "town")}
    assert found == {
        ("town.inner", "town.inner.leaf", 1),
        ("town.inner.leaf", "a.b", 1),
        ("town.inner.leaf", "c", 2),
        ("town.inner.leaf", "town.inner.leaf", 5),
    }
