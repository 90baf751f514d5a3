import pandas as pd
import pytest

from usvn import defence


@pytest.fixture
def tiv():
    rows = [(2000, "X", 10.0), (2001, "X", 30.0), (2001, "Y", 20.0), (2002, "Y", 40.0),
            (2003, "Z", 5.0), (2004, "X", 5.0)]
    return pd.DataFrame(rows, columns=["year", "supplier", "tiv_m"])


def test_windows_sum_by_supplier_and_label_short_last_window(tiv):
    w = defence.windows(tiv, 2000, 2004, 3)
    assert w["window"].unique().tolist() == ["2000–2002", "2003–2004"]
    first = w[w["window_start"] == 2000].set_index("supplier")["tiv_m"]
    assert first.to_dict() == {"X": 40.0, "Y": 60.0}


def test_windows_reject_zero_width(tiv):
    with pytest.raises(ValueError):
        defence.windows(tiv, 2000, 2004, 0)


def test_shares_sum_to_one_per_window(tiv):
    s = defence.shares(defence.windows(tiv, 2000, 2004, 3), ["window"])
    assert s.groupby("window")["share"].sum().tolist() == pytest.approx([1.0, 1.0])


def test_hhi_hand_computed_and_bounded(tiv):
    h = defence.hhi(defence.windows(tiv, 2000, 2004, 3), ["window"]).set_index("window")["hhi"]
    assert h["2000–2002"] == pytest.approx(0.4 ** 2 + 0.6 ** 2)
    assert h["2003–2004"] == pytest.approx(0.5 ** 2 + 0.5 ** 2)
    single = pd.DataFrame({"year": [2000], "supplier": ["X"], "tiv_m": [3.0]})
    assert defence.hhi(single, ["year"])["hhi"].tolist() == [1.0]


def test_top_n_groups_the_rest(tiv):
    out = defence.top_n(tiv, 1, ["year"])
    assert set(out["supplier"]) == {"Y", "Others"}
    assert out["tiv_m"].sum() == tiv["tiv_m"].sum()


def _with_total():
    return pd.DataFrame({"year": [2000, 2000, 2000, 2001, 2001, 2001],
                         "supplier": ["Russia", "United States", defence.TOTAL] * 2,
                         "tiv_m": [90.0, 0.0, 90.0, 30.0, 10.0, 60.0]})


def test_total_rows_are_not_suppliers_and_are_checked():
    frame = _with_total()
    assert defence.TOTAL not in set(defence.by_supplier(frame)["supplier"])
    bad = defence.total_check(frame)
    assert bad["year"].tolist() == [2001] and bad.loc[0, "difference"] == 20.0


def test_supplier_share_and_first_delivery():
    frame = _with_total()
    assert defence.supplier_share(frame, "Russia", 2000, 2001) == pytest.approx(120 / 130)
    assert defence.first_delivery(frame, "United States") == 2001
    assert defence.first_delivery(frame, "France") is None
