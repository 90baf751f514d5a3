"""The trade-remedy statements follow the orders table (data/us_adcvd_orders.csv)."""

import csv
from pathlib import Path

import pytest

from conftest import loader_with
from usvn import data
from usvn.chapters.trade_framework.remedies import remedies
from usvn.facts import Facts, parameters

CSV = Path(__file__).parents[1] / "data" / "us_adcvd_orders.csv"


def run(change=lambda frame: frame):
    f = Facts("trade_framework", parameters("trade_framework", {}))
    remedies(f, loader_with("us_adcvd_orders", change))
    return f


@pytest.fixture(scope="module")
def rows():
    return list(csv.DictReader(CSV.open(encoding="utf-8")))


def test_the_table_has_every_order_newest_first(rows):
    table = str(run()["tr_ad_table_md"].value).splitlines()[2:]
    assert len(table) == len(rows)
    cases = [line.split(" | ")[2].split()[-1] for line in table]
    newest = sorted(rows, key=lambda r: (r["order_date"], r["case_number"]), reverse=True)
    assert cases[0] in {r["case_number"] for r in newest if r["order_date"] == newest[0]["order_date"]}
    missing = [r["case_number"] for r in rows if not r["fr_citation"]]
    assert all("| not found |" in line for line in table if line.split(" | ")[2].split()[-1] in missing)


def test_a_revocation_in_full_changes_the_statement_and_the_table():
    assert "none of the orders found" in run()["tr_ad_full_revocation"].value

    def revoke(frame):
        frame.loc[frame.index[0], "status"] = "revoked"
        return frame

    f = run(revoke)
    assert "some of the orders found had been revoked in full" == f["tr_ad_full_revocation"].value
    assert "| revoked |" in str(f["tr_ad_table_md"].value)


def test_recent_orders_are_those_published_from_2025(rows):
    recent = {r["product"].lower() for r in rows if r["order_date"] >= "2025-01-01"}
    stated = run()["tr_ad_recent"].value
    assert len(stated) == len({p.split(",")[0].split(" (")[0].removeprefix("certain ") for p in recent})
    assert all(any(s in p for p in recent) for s in stated)


def test_the_orders_cannot_be_counted_while_the_table_is_a_selection():
    f = run()
    assert not any(v.kind in ("count", "quantity") for k, v in f.items() if k.startswith("tr_ad_"))
    with pytest.raises(Exception, match="complete"):
        f.count("tr_ad_n", data.load("us_adcvd_orders"), "us_adcvd_orders", ("order", "orders"))
