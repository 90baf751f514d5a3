import pandas as pd
import pytest

from usvn import trade


@pytest.fixture
def flows():
    return pd.DataFrame({"year": [2000, 2001, 2002], "exports_usd_m": [10.0, 12.0, 15.0],
                         "imports_usd_m": [30.0, 36.0, 60.0]})


def test_balance_is_exports_minus_imports(flows):
    assert trade.balance(flows).tolist() == [-20.0, -24.0, -45.0]


def test_between_is_inclusive(flows):
    assert trade.between(flows, 2001, 2002)["year"].tolist() == [2001, 2002]


def test_deflate_to_base_year_prices(flows):
    cpi = pd.DataFrame({"year": [2000, 2001, 2002], "cpi_u": [100.0, 125.0, 200.0]})
    real = trade.deflate(flows, cpi, 2002, ["imports_usd_m"])
    assert real["imports_usd_m"].tolist() == [60.0, pytest.approx(57.6), 60.0]
    assert real["exports_usd_m"].tolist() == flows["exports_usd_m"].tolist()


def test_deflate_leaves_years_without_index_missing(flows):
    cpi = pd.DataFrame({"year": [2000, 2001], "cpi_u": [100.0, 125.0]})
    real = trade.deflate(flows, cpi, 2001, ["imports_usd_m"])
    assert pd.isna(real.loc[2, "imports_usd_m"])


def test_deflate_rejects_unknown_base_year(flows):
    cpi = pd.DataFrame({"year": [2000, 2001], "cpi_u": [100.0, 125.0]})
    with pytest.raises(ValueError, match="base_year 1990"):
        trade.deflate(flows, cpi, 1990, ["imports_usd_m"])


def test_growth_multiple(flows):
    assert trade.growth_multiple(flows, "imports_usd_m", 2000, 2002) == 2.0


def test_long_format_labels_series(flows):
    long = trade.long_format(flows, {"exports_usd_m": "US exports", "imports_usd_m": "US imports"})
    assert len(long) == 6 and set(long["series"]) == {"US exports", "US imports"}
