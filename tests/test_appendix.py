"""The Data and sources appendix is written from datapackage.json and follows the data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from test_data import edit, set_cell
from usvn import data
from usvn.chapters import data_sources


@pytest.fixture
def book(tmp_path: Path, root: Path) -> Path:
    shutil.copytree(root / "data", tmp_path / "data")
    return tmp_path


def test_every_dataset_and_every_source_is_listed_with_link_and_access_date(root):
    page = data_sources.markdown(root)
    for res in data.read_package(root)["resources"]:
        assert f"## {res['title']}" in page
        assert f"<../data/{res['path']}>" in page  # the download link
        for src in res["sources"]:
            assert f"`{src['id']}`" in page
            if src["path"].startswith("http"):
                assert f"]({src['path']})" in page
            assert f"accessed {src['date_accessed']}" in page


def test_sourced_counts_are_those_of_the_file(root):
    """Known by construction: the price index holds one value (cpi_u) per year, and the
    annual trade table three (exports, imports, balance) plus its vintage per year."""
    page = data_sources.markdown(root)
    years = len((root / "data" / "cpi_u_annual.csv").read_text().splitlines()) - 1
    assert f"**Values filled:** {years} of {years}" in page
    trade_years = len((root / "data" / "us_vn_trade_annual.csv").read_text().splitlines()) - 1
    assert f"**Values filled:** {4 * trade_years} of {4 * trade_years}" in page


def test_emptied_value_is_counted_as_not_sourced(book):
    name = "cpi_u_annual"
    res = data.resource(name, book)
    filled = data_sources.coverage(res, data.load(name, book))["filled"]
    edit(book, name, lambda rows: rows[:-1])  # drop the last year: one value fewer
    after = data_sources.coverage(data.resource(name, book), data.load(name, book))
    assert after["filled"] == filled - 1
    assert f"**Values filled:** {after['filled']} of {after['cells']}" in data_sources.markdown(book)


def test_a_broken_file_stops_the_page(book):
    edit(book, "cpi_u_annual", set_cell(1, "cpi_u", "-1"))
    with pytest.raises(data.DataError, match="cpi_u"):
        data_sources.markdown(book)


def test_the_summary_links_every_dataset_to_its_section_and_says_how_copies_were_read():
    text = data_sources.markdown()
    names = [res["name"] for res in data.read_package()["resources"]]
    for name in names:
        label = data_sources.label(name)
        assert f"<{label}>`" in text.split("(data-snapshots)=")[0], name  # linked from the summary
        assert f"({label})=" in text, name  # the section it links to
    assert "byte-exact" in text and "transcribed" in text and data_sources.COPIES in text
