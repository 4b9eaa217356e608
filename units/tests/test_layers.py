"""The layers in docs/architecture.md §1 are the ones import-linter enforces (pyproject.toml)."""

from __future__ import annotations

import re
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]


def contract_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["id"] == "layers"]
    return layers["layers"]


def documented_layers() -> list[str]:
    section = (ROOT / "docs" / "architecture.md").read_text().split("## 1. Layers", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```\n(.*?)```", section, re.S).group(1)
    return [re.split(r"\s{2,}", line.strip())[0] for line in block.splitlines() if line.strip()]


def test_the_documented_layers_are_the_enforced_ones():
    assert documented_layers() == contract_layers()


def test_every_app_is_in_a_layer():
    from django.conf import settings

    ours = {app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()}
    layered = {name.strip() for layer in contract_layers() for name in layer.split("|")}
    assert ours <= layered and "chithi" in layered


def test_the_one_hop_index_is_current(db):
    """docs/index.md says, for every URL name and job, the function that answers it (file:line);
    regenerate it with `manage.py behaviour_index` when this fails."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("behaviour_index", "--check", stdout=__import__("io").StringIO())
    except CommandError as error:  # pragma: no cover - the failure message is the point
        raise AssertionError(str(error)) from None


def test_every_job_calls_named_code_and_every_url_is_indexed(db):
    from units.management.commands.behaviour_index import render

    text = render()
    jobs = [line for line in text.split("## Jobs", 1)[1].splitlines() if line.startswith("| `")]
    assert jobs and all(not line.endswith("| — |") for line in jobs if "ping_job" not in line), jobs
    assert "| `tasks:assignment_detail` | `/assignments/<int:pk>/` | `tasks.views.assignment.assignment_detail`" in text


def imports_inside_functions_without_a_reason(source: str) -> list[int]:
    """Lines of `source` where a function imports a module of the project with no comment on the
    import's line or the line above it: such an import is only for a circle broken on purpose."""
    import ast

    ours = {"library", "units", "submissions", "tasks", "meetings", "inspections", "ratings"}
    ours |= {"registers", "reports", "api", "chithi"}
    lines = source.splitlines()
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            relative = isinstance(node, ast.ImportFrom) and node.level > 0
            if not (relative or (module or "").split(".")[0] in ours):
                continue
            written = lines[node.lineno - 1 : node.end_lineno]
            above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
            if not any("#" in line for line in written) and not above.startswith("#"):
                found.append(node.lineno)
    return sorted(set(found))


def test_every_import_inside_a_function_says_why():
    """docs/architecture.md §1: imports at the top of the module; inside a function only where a
    circle is broken on purpose (or an app's ready()), each with a one-line reason."""
    found = []
    for path in ROOT.rglob("*.py"):
        if set(path.relative_to(ROOT).parts) & {".venv", "tests", "migrations", "scripts", "var"}:
            continue
        if path.name == "conftest.py":
            continue
        found += [f"{path.relative_to(ROOT)}:{n}" for n in imports_inside_functions_without_a_reason(path.read_text())]
    assert found == []


def test_the_reason_check_finds_a_bare_import_and_passes_a_commented_one():
    source = (
        "def a():\n"
        "    from units.models import Unit\n"
        "def b():\n"
        "    from .roles import roles_of  # roles imports this module: a circle\n"
        "def c():\n"
        "    # the registry is not ready at import\n"
        "    from . import exports\n"
        "def d():\n"
        "    import json\n"
    )
    assert imports_inside_functions_without_a_reason(source) == [2]
