import pandas as pd
import pytest

from usvn import timeline


@pytest.fixture
def events():
    return pd.DataFrame({"date": pd.to_datetime(["2018-03-05", "2017-08-08", "2020-03-05"]),
                         "type": ["port_visit", "dialogue", "port_visit"],
                         "event": ["First US aircraft carrier visit", "agree to host a carrier",
                                   "Aircraft Carrier USS Theodore Roosevelt arrives"]})


def test_matching_is_case_insensitive_and_filters_by_kind(events):
    assert len(timeline.matching(events, "carrier")) == 3
    assert len(timeline.matching(events, "carrier", "port_visit")) == 2


def test_event_date_is_the_first_match_or_a_named_error(events):
    assert timeline.event_date(events, "carrier") == pd.Timestamp("2017-08-08")
    assert timeline.event_date(events, "carrier", "port_visit") == pd.Timestamp("2018-03-05")
    with pytest.raises(KeyError, match="no 'transfer' event mentions 'cutter'"):
        timeline.event_date(events, "cutter", "transfer")
