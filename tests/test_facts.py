"""Chapter facts without a kernel: what the text states, computed in process."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from usvn import book, data, facts, params
from usvn import book as build
from usvn.book import variants
from usvn.facts import kinds as text
from usvn.facts.kinds import KINDS, Fact

CHAPTERS = ["trade_framework", "diplomatic_upgrade", "defence_ties", "claims"]
GLUE = re.compile(r"\{glue:(?:text|md)\}`([A-Za-z0-9_]+)")
GLUE_DIRECTIVE = re.compile(r"```\{glue:md\} ([A-Za-z0-9_]+)")


@pytest.fixture(scope="module")
def load():
    return facts.cached(data.load)


def referenced(chapter: str) -> set[str]:
    nb = book.read_source(Path(__file__).parents[1] / "chapters" / f"{chapter}.md")
    text = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return set(GLUE.findall(text)) | set(GLUE_DIRECTIVE.findall(text))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_value_the_text_names_is_a_typed_fact(chapter, load):
    found = facts.compute(chapter, load)
    missing = referenced(chapter) - set(found)
    assert not missing, f"{chapter}: the text glues {sorted(missing)} but facts() has no such value"
    assert all(isinstance(v, Fact) and v.kind in KINDS for v in found.values())


def test_the_summary_page_names_only_existing_facts(load, root):
    text = (root / "intro.md").read_text(encoding="utf-8")
    for chapter, name in re.findall(r"chapters/([a-z_]+)\.ipynb::([a-z0-9_]+)", text):
        assert name in facts.compute(chapter, load), f"intro.md: {chapter}::{name}"


def test_facts_refuse_values_that_are_not_plain():
    f = facts.Facts("trade_framework", {})
    with pytest.raises(TypeError, match="'x'.*DataFrame"):
        f["x"] = data.load("cpi_u_annual")
    with pytest.raises(TypeError, match="bool"):
        f.update(y=True)


def test_parameters_are_checked_before_anything_is_computed(load):
    with pytest.raises(params.ParameterError, match="tariff_rate"):
        facts.compute("trade_framework", load, tariff_rate=2)
    with pytest.raises(params.ParameterError, match="start_year"):
        facts.compute("trade_framework", load, start_year=2020, end_year=2010)


def test_trade_facts_follow_the_parameters(load):
    base = facts.compute("trade_framework", load)
    free = facts.compute("trade_framework", load, tariff_rate=0.0)
    assert free["tr_sc_change"] == "0.0%" and free["tr_sc_revenue"] == "$0 million"
    assert base["tr_sc_after_usd_m"].value < free["tr_sc_after_usd_m"].value
    real = facts.compute("trade_framework", load, real_dollars=True, base_year=2000)
    assert real["tr_dollars"] == "constant 2000 dollars"
    assert real["tr_imports_last"] != base["tr_imports_last"]
    early = facts.compute("trade_framework", load, start_year=1995, end_year=2010, rank_year=2010)
    assert early["tr_rank_year"] == "2010" and early["tr_last_year"] == "2010"
    assert early["tr_vn_rank"] != base["tr_vn_rank"]  # Vietnam ranked lower in 2010
    earlier = facts.compute("trade_framework", load, scenario_year=2019)
    assert earlier["tr_sc_base_year"] == "2019" and earlier["tr_out_base_year"] == "2019"
    assert earlier["tr_sc_base"] != base["tr_sc_base"]


def test_diplomacy_facts_before_the_upgrade_say_it_had_not_happened(load):
    before = facts.compute("diplomatic_upgrade", load, as_of="2020-01-01")
    assert str(before["dip_us_status"]).startswith("had not reached the top tier by")
    assert before["dip_cutoff"] == "1 January 2020"


def test_defence_facts_follow_the_window(load):
    five = facts.compute("defence_ties", load)
    ten = facts.compute("defence_ties", load, window=10)
    assert five["def_window"] == "5 years" and ten["def_window"] == "10 years"
    assert five["def_russia_share"] == ten["def_russia_share"]  # same years, other windows


@pytest.mark.parametrize("chapter", ["trade_framework", "diplomatic_upgrade", "defence_ties"])
def test_notebooks_are_thin(chapter, root):
    nb = book.read_source(root / "chapters" / f"{chapter}.md")
    code = [c for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
    lines = [
        ln for c in code for ln in c.source.splitlines() if ln.strip() and not ln.strip().startswith("#")
    ]
    assert len(lines) <= 60
    assert not any("glue(" in ln or 'f"' in ln for ln in lines)  # no glue or sentence built here


SAMPLES = {
    "trade_framework": [
        {"tariff_rate": 0.46, "elasticity": 3.7},
        {"start_year": 2000, "end_year": 2020, "real_dollars": True},
        {"rank_year": 2010, "partners": ["VNM", "KOR"], "scenario_year": 2019},
    ],
    "diplomatic_upgrade": [{"as_of": "2016-06-30", "highlight": ["Japan"]}],
    "defence_ties": [{"window": 10, "top_n": 2, "measure": "share"}],
}


def _rate_in_force(root: Path) -> float:
    """The country-wide additional rate on goods from Việt Nam in force on the tariff
    record's latest date, read from the CSV with plain pandas."""
    import pandas as pd

    t = pd.read_csv(root / "data" / "us_tariff_actions.csv")
    last = max(t[c].dropna().max() for c in ("date", "in_force_from", "in_force_to"))  # ISO dates sort
    live = t[
        (t["effect"] == "in force")
        & (t["coverage"] == "most goods")
        & t["names_vietnam"].astype(str).str.lower().eq("true")
        & (t["in_force_from"] <= last)
        & (t["in_force_to"].isna() | (t["in_force_to"] > last))
    ]
    return float(live["rate"].iloc[0]) if len(live) else 0.0


def _independent(chapter: str, point: dict, root: Path) -> dict[str, str]:
    """What the glued text must read for ``point``, recomputed here from the CSVs with
    plain pandas and the model's published formula, not with the package's code."""
    import pandas as pd

    annual = pd.read_csv(root / "data" / "us_vn_trade_annual.csv").set_index("year")
    cpi = pd.read_csv(root / "data" / "cpi_u_annual.csv").set_index("year")["cpi_u"]
    out = {}
    if chapter == "trade_framework":
        end = point.get("end_year", int(annual.index.max()))
        imports = annual.loc[end, "imports_usd_m"]
        if point.get("real_dollars"):
            imports *= cpi.loc[point.get("base_year", 2024)] / cpi.loc[end]
        out["tr_imports_last"] = f"${imports / 1000:,.1f} billion"
        rate, eps = point.get("tariff_rate", _rate_in_force(root)), point.get("elasticity", 1.4)
        base = annual.loc[point.get("scenario_year", 2024), "imports_usd_m"]
        after = base * (1 + rate) ** (-eps)
        out["tr_sc_after"] = f"${after / 1000:,.1f} billion"
        out["tr_sc_revenue"] = f"${rate * after / 1000:,.1f} billion"
    if chapter == "diplomatic_upgrade":
        ts = pd.Timestamp(point["as_of"])
        out["dip_cutoff"] = f"{ts.day} {ts:%B %Y}"
    if chapter == "defence_ties":
        out["def_window"] = f"{point['window']} years"
    return out


@pytest.mark.build
def test_executed_notebooks_glue_what_an_independent_recomputation_gives(root, tmp_path):
    """For a sample of parameter sets on every chapter, the values the papermill-executed
    notebook glues equal values recomputed here without the package, and the notebook's
    facts export holds exactly the text it glued."""
    from usvn.facts import export

    points = [(c, p) for c, ps in SAMPLES.items() for p in ps]
    jobs = [
        build.Job(c, root / "chapters" / f"{c}.md", tmp_path / f"{i}-{c}.ipynb", p)
        for i, (c, p) in enumerate(points)
    ]
    results = build.execute(root, jobs, progress=False)
    assert all(r.status == "executed" for r in results), [r.error for r in results]
    for (chapter, point), job in zip(points, jobs):
        glued = variants.glued(job.out)
        expected = _independent(chapter, point, root)
        assert expected and {k: glued[k] for k in expected} == expected, (chapter, point)
        exported = {r["id"]: r["text"] for r in export.from_notebook(job.out)}
        assert {k: v for k, v in glued.items() if k != export.FACTS_KEY} == exported


def test_an_unknown_partner_code_is_named(load):
    with pytest.raises(ValueError, match="partners: no partner code \\['XXX'\\]"):
        facts.compute("trade_framework", load, partners=["VNM", "XXX"])


def test_no_fact_is_chosen_by_searching_text(root):
    """Rows are picked by id (or a tag column), never by a phrase in their text: the
    package has no text search over a table's cells."""
    offenders = []
    for path in (root / "src" / "usvn").rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.str\.contains\(|timeline\.matching\(|def matching\(", line):
                offenders.append(f"{path.relative_to(root)}:{n}: {line.strip()}")
    assert not offenders, offenders


def test_a_count_from_a_table_not_declared_complete_is_refused(load):
    f = facts.Facts("defence_ties", {})
    milestones = load("defence_milestones")
    with pytest.raises(facts.IncompleteTable, match="defence_milestones.*only for"):
        f.count(
            "def_n_exercises",
            milestones[milestones["type"] == "exercise"],
            "defence_milestones",
            where={"type": ["exercise"]},
        )
    visits = load("us_vn_visits")
    trips = visits[visits["direction"] == "vn_to_us"]  # declared complete, checked against the Office's list
    assert f.count("dip_n_vn_trips", trips, "us_vn_visits", where={"direction": ["vn_to_us"]}) == len(trips)
    assert "vi_2000_tran_duc_luong" in f.basis["dip_n_vn_trips"].rows["us_vn_visits"]
    assert (
        f.count(
            "dip_n_us_visits",
            visits[visits["direction"] == "us_to_vn"],
            "us_vn_visits",
            where={"direction": ["us_to_vn"]},
        )
        == 6
    )
    assert f.basis["dip_n_us_visits"].rows["us_vn_visits"]  # the rows it rests on


def test_every_resource_declares_its_completeness(root):
    for res in data.read_package(root)["resources"]:
        declared = res.get(facts.COMPLETENESS, {})
        assert declared.get("status") in ("complete", "selection"), res["name"]
        assert declared.get("universe"), res["name"]


def test_typed_facts_print_by_kind():

    assert text.money(178_276.0).text() == "$178.3 billion" and text.money(199).text() == "$199 million"
    assert text.share(0.0004).text() == "less than 0.1%" and text.percent(0.2).text() == "20%"
    assert text.date("2011-09-01", "month").text() == "September 2011"
    assert text.items(["China", "Russia", "India"]).text() == "China, Russia and India"
    assert text.items([]).text() == "none"
    assert text.ranked(3, "largest").text() == "third-largest"
    assert text.percent(float("nan")).text() == "—"  # a missing value is never "nan%"


def test_words_that_depend_on_the_data_follow_the_parameters(load):
    """With ten-year windows the last period's deliveries are close to the peak's, so the
    text must not call them small (it did before December 2026)."""
    five = facts.compute("defence_ties", load)
    ten = facts.compute("defence_ties", load, window=10)
    assert five["def_last_volume_word"] == "small"
    assert ten["def_last_volume_word"] == "not small"
    last = float(str(ten["def_tiv_last_window"]).replace(",", ""))
    peak = float(str(ten["def_peak_tiv"]).replace(",", ""))
    assert last >= 0.5 * peak
