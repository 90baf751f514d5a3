"""Rules every chart in the book keeps, checked on the specs the chapters glued: period
labels in time order, years spaced as far apart as they are, no line drawn across a long
gap in a series, and every kind of line in its legend."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from usvn import registry
from usvn.chapters.diplomatic_upgrade import people_figures
from usvn.chapters.trade_framework import tariff_figures
from usvn.charts import palette

YEAR_FIELDS = {"year", "fiscal_year"}


def _encodings(spec):
    """(channel, encoding, the rows of the data it reads) for every positional encoding."""
    datasets = spec.get("datasets", {})

    def walk(node, rows):
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and data.get("name") in datasets:
                rows = datasets[data["name"]]
            for channel, enc in (node.get("encoding") or {}).items():
                if isinstance(enc, dict) and "field" in enc:
                    yield channel, enc, rows
            for key, value in node.items():
                if key not in ("datasets", "data", "encoding"):
                    yield from walk(value, rows)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value, rows)

    yield from walk(spec, [])


def period_order_problems(spec) -> list[str]:
    """Period labels ('2010–2014') sorted by anything but time."""
    out = []
    for channel, enc, _ in _encodings(spec):
        if enc.get("field") == "window" and channel in ("x", "y"):
            order = enc.get("sort")
            starts = [int(re.match(r"\d{4}", w).group()) for w in order] if isinstance(order, list) else None
            if starts is None or starts != sorted(starts):
                out.append(f"{channel} of periods sorted {order!r}")
    return out


def year_spacing_problems(spec) -> list[str]:
    """Years on a category axis (equal spacing) whose values are not evenly spaced."""
    out = []
    for channel, enc, rows in _encodings(spec):
        if (
            enc.get("field") in YEAR_FIELDS
            and channel in ("x", "y")
            and enc.get("type") in ("ordinal", "nominal")
        ):
            years = sorted({int(r[enc["field"]]) for r in rows if r.get(enc["field"]) is not None})
            if any(b - a != 1 for a, b in zip(years, years[1:])):
                out.append(f"{enc['field']} as categories, equally spaced: {years}")
    return out


@pytest.fixture(scope="module")
def book_specs():
    from conftest import _executed_book

    root = _executed_book()
    return {
        f"{page}:{name}": spec
        for page in registry.names()
        for name, spec in palette.specs_of(root / "chapters" / f"{page}.ipynb").items()
    }


@pytest.mark.build
def test_every_chart_orders_periods_in_time_and_spaces_years_as_they_are(book_specs):
    problems = {name: period_order_problems(s) + year_spacing_problems(s) for name, s in book_specs.items()}
    assert {k: v for k, v in problems.items() if v} == {}


def test_the_rules_catch_what_they_are_for():
    by_name = {
        "encoding": {
            "x": {"field": "window", "type": "nominal", "sort": ["2010–2014", "2020–2024", "2015–2019"]}
        }
    }
    assert period_order_problems(by_name)
    spaced = {
        "datasets": {"d": [{"year": 2014}, {"year": 2015}, {"year": 2017}]},
        "data": {"name": "d"},
        "encoding": {"x": {"field": "year", "type": "ordinal"}},
    }
    assert year_spacing_problems(spaced) == ["year as categories, equally spaced: [2014, 2015, 2017]"]
    spaced["encoding"]["x"]["type"] = "quantitative"
    assert year_spacing_problems(spaced) == []


def test_a_series_is_not_joined_across_a_long_gap():
    rows = pd.DataFrame(
        {
            "date": ["1988-01-01", "2009-01-01", "2015-01-01", "2016-01-01"],
            "metric": ["us_missing_vietnam"] * 4,
            "value": [1767, 1351, 1280, 1270],
        }
    )
    spec = people_figures.mia(rows, title="T", source="S").to_dict()
    data = next(iter(spec["datasets"].values()))
    segments = {r["segment"] for r in data}
    assert spec["encoding"]["detail"]["field"] == "segment"
    assert len(segments) == 3  # 1988 alone, 2009 alone, 2015–2016 joined
    gap = people_figures.GAP_YEARS
    for seg in segments:
        years = sorted(int(r["date"][:4]) for r in data if r["segment"] == seg)
        assert all(b - a <= gap for a, b in zip(years, years[1:]))


def test_the_announced_rate_line_has_its_place_in_the_legend():
    duties = pd.DataFrame(
        {
            "month": ["2025-01", "2025-02"] * 2,
            "partner": ["Vietnam"] * 2 + ["World"] * 2,
            "duty_rate": [0.03, 0.04, 0.02, 0.02],
        }
    )
    tariffs = pd.DataFrame(
        {"date": ["2025-04-05"], "rate": [0.1], "instrument": ["EO"], "effect": ["in force"]}
    )
    steps = pd.DataFrame({"date": ["2025-04-05"], "rate": [0.1], "instrument": ["EO"]})
    spec = tariff_figures.duty_rates(duties, tariffs, steps, title="T", source="S", split="2025-01").to_dict()
    colours = [enc for _, enc in palette.encodings(spec)]
    step = [enc for enc in colours if enc["field"] == "line"]
    assert step and tariff_figures.STEP in step[0]["scale"]["domain"]
    partners = [enc for enc in colours if enc["field"] == "partner"][0]
    assert partners["scale"]["domain"] == step[0]["scale"]["domain"]  # one legend for both kinds of line
