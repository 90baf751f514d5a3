"""Chapter parameters: the schema checks values and matches the notebooks' defaults."""

import ast
import re
import subprocess
import sys

import pytest

from usvn import book, params, registry


def notebook_defaults(root, chapter):
    nb = book.read_source(root / "chapters" / f"{chapter}.md")
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    tree = ast.parse(cell.source)
    return {n.targets[0].id: ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)}


@pytest.mark.parametrize("chapter", registry.parameterized())
def test_schema_defaults_are_the_notebook_defaults(root, chapter):
    expected = {p.name: p.default for p in registry.schema(chapter)}
    assert notebook_defaults(root, chapter) == expected


@pytest.mark.parametrize("chapter", registry.parameterized())
def test_defaults_pass_the_check(chapter):
    params.check(chapter, registry.schema(chapter), {p.name: p.default for p in registry.schema(chapter)})


def defaults(chapter, **changes):
    values = {p.name: p.default for p in registry.schema(chapter)}
    values.update(changes)
    return values


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"start_year": 1990}, "'start_year' = 1990 is below the minimum 1995"),
        ({"end_year": "2024"}, "'end_year' must be int, got str"),
        ({"real_dollars": 1}, "'real_dollars' must be bool"),
        ({"start_year": 2010, "end_year": 2005}, "'start_year' (2010) must be before 'end_year' (2005)"),
    ],
)
def test_bad_values_name_parameter_and_rule(changes, message):
    with pytest.raises(params.ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        params.check(
            "trade_framework", registry.schema("trade_framework"), defaults("trade_framework", **changes)
        )


def test_choices_dates_and_none():
    with pytest.raises(params.ParameterError, match="'measure' = 'usd' is not one of 'tiv', 'share'"):
        params.check("defence_ties", registry.schema("defence_ties"), defaults("defence_ties", measure="usd"))
    with pytest.raises(params.ParameterError, match="'as_of' must be a date YYYY-MM-DD"):
        params.check(
            "diplomatic_upgrade",
            registry.schema("diplomatic_upgrade"),
            defaults("diplomatic_upgrade", as_of="2023-13-01"),
        )
    params.check("defence_ties", registry.schema("defence_ties"), defaults("defence_ties", start_year=None))


def test_cli_lists_parameters_and_rejects_unknown_chapter():
    out = subprocess.run(
        [sys.executable, "-m", "usvn", "params", "trade_framework"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert re.search(r"real_dollars +bool +False", out.stdout)
    bad = subprocess.run([sys.executable, "-m", "usvn", "params", "nope"], capture_output=True, text=True)
    assert bad.returncode == 2 and "unknown chapter 'nope'" in bad.stderr


def test_default_elasticity_is_a_published_estimate(root):
    from usvn import data

    default = next(p.default for p in registry.schema("trade_framework") if p.name == "elasticity")
    assert default in set(data.load("trade_elasticities", root)["value"])


def test_list_choices_are_checked():
    with pytest.raises(params.ParameterError, match="'levels'.*each item must be one of"):
        params.check(
            "diplomatic_upgrade",
            registry.schema("diplomatic_upgrade"),
            defaults("diplomatic_upgrade", levels=["alliance"]),
        )
