"""One palette: every colour encoding in the book names its labels and their colours from
usvn.charts.palette, and no label has two colours anywhere."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from usvn import registry
from usvn.charts import palette


def _chart(labels, colours=None):
    frame = pd.DataFrame({"k": labels, "v": range(len(labels))})
    scale = alt.Scale(domain=labels, range=colours) if colours else alt.Undefined
    return alt.Chart(frame).mark_bar().encode(x="v:Q", color=alt.Color("k:N", scale=scale)).to_dict()


def test_a_label_drawn_in_two_colours_is_found():
    one = _chart(["China", "Russia"], [palette.of("China"), palette.of("Russia")])
    two = _chart(["China"], [palette.of("Russia")])
    problems = palette.check({"a": one, "b": two})
    assert problems == [f"'China' is {palette.of('China')} in a and {palette.of('Russia')} in b"]


def test_a_colour_left_to_the_default_scheme_is_found():
    assert "has no domain and range" in palette.check({"a": _chart(["China", "Russia"])})[0]
    assert "not a palette colour" in palette.check({"a": _chart(["China"], ["#123456"])})[0]


def test_a_conditional_fill_is_checked_too():
    frame = pd.DataFrame({"k": ["China"], "ok": [True]})
    chart = (
        alt.Chart(frame)
        .mark_point()
        .encode(fill=alt.condition(alt.datum.ok, alt.Fill("k:N"), alt.value(palette.HOLLOW)))
    )
    assert "has no domain and range" in palette.check({"a": chart.to_dict()})[0]


def test_colours_follow_the_meaning_not_the_order_of_appearance():
    a = palette.scale(["Russia", "United States"]).to_dict()
    b = palette.scale(["United States", "Russia"]).to_dict()
    assert dict(zip(a["domain"], a["range"])) == dict(zip(b["domain"], b["range"]))
    assert palette.of("Vietnam") == palette.of("Việt Nam")
    with pytest.raises(KeyError, match="no colour for 'Atlantis'"):
        palette.of("Atlantis")


@pytest.mark.build
def test_every_chart_in_the_book_takes_its_colours_from_the_one_palette():
    from conftest import _executed_book

    root = _executed_book()
    specs = {
        f"{page}:{name}": spec
        for page in registry.names()
        for name, spec in palette.specs_of(root / "chapters" / f"{page}.ipynb").items()
    }
    assert len(specs) > 25  # every chapter's charts were read
    encodings = [enc for spec in specs.values() for _, enc in palette.encodings(spec)]
    assert len(encodings) > 20
    assert palette.check(specs) == []
