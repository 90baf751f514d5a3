import pandas as pd
import pytest

from usvn import data
from usvn.chapters import record


@pytest.fixture
def events():
    return pd.DataFrame(
        {
            "id": ["dm_vinson", "dm_mattis", "dm_roosevelt"],
            "date": pd.to_datetime(["2018-03-05", "2017-08-08", "2020-03-05"]),
            "type": ["port_visit", "dialogue", "port_visit"],
            "event": [
                "First US aircraft carrier visit",
                "agree to host a carrier",
                "Aircraft Carrier USS Theodore Roosevelt arrives",
            ],
            "tags": ["carrier", "", "carrier;flagship"],
        }
    )


def test_tagged_takes_rows_by_tag_not_by_text(events):
    # "carrier" is in all three texts; only the two visits carry the tag
    assert data.tagged(events, "carrier")["id"].tolist() == ["dm_vinson", "dm_roosevelt"]
    assert data.tagged(events, "flag").empty  # a tag matches whole, never a part


def test_rows_keep_the_order_asked_and_name_a_missing_id(events):
    assert data.rows(events, ["dm_roosevelt", "dm_vinson"])["id"].tolist() == ["dm_roosevelt", "dm_vinson"]
    with pytest.raises(data.LookupFailed, match="'dm_cutter'"):
        data.rows(events, ["dm_vinson", "dm_cutter"])


def test_partnership_steps_keep_the_row_ids():
    network = pd.DataFrame(
        {
            "id": ["pt_us_top", "pt_us_comp"],
            "partner": ["United States"] * 2,
            "level": ["comprehensive_strategic", "comprehensive"],
            "date": ["2023-09-10", "2013-07-25"],
            "date_precision": ["day", "day"],
            "source": ["a", "b"],
        }
    )
    steps = record.partnership_steps(network, "United States")
    assert steps["id"].tolist() == ["pt_us_comp", "pt_us_top"]


def test_chronology_lists_each_event_once_with_its_sources_linked():
    events = pd.DataFrame(
        {
            "id": ["b", "a"],
            "date": pd.to_datetime(["2026-05-07", "2026-02-20"]),
            "event": ["Court holds | surcharge unlawful", "Ruling"],
            "source": ["s1;s2", "s2"],
        }
    )
    sources = [
        {"id": "s1", "publisher": "Kelley Drye (copy in GitHub repo x/y)", "path": "https://example.org/k"},
        {"id": "s2", "publisher": "Court", "path": "raw/opinion.pdf"},
    ]
    rows = record.chronology(events, sources).splitlines()[2:]
    assert [r.split(" | ")[0] for r in rows] == ["| 20 February 2026", "| 7 May 2026"]  # date order
    assert "Court holds \\| surcharge unlawful" in rows[1]  # a pipe in the text cannot split the row
    assert rows[1].endswith(
        "| [Kelley Drye](https://example.org/k); Court |"
    )  # a local copy is named, not linked
