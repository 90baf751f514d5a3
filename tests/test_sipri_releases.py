"""The two SIPRI releases are paired deal by deal, renamed deals included."""

from usvn.sources import sipri_releases as sr


def deal(name, kind, delivered, years):
    return {"designation": name, "description": kind, "delivered": delivered, "years": years}


def test_a_renamed_deal_is_matched_by_its_description_and_a_revision_is_named():
    before = {
        sr._key("Russia", "KAB-500", 2009): deal("KAB-500", "guided bomb", 200, [2011, 2012]),
        sr._key("United States", "ScanEagle", 2019): deal("ScanEagle", "uav", 6, [2022]),
        sr._key("United States", "T-6 Texan-2", 2021): deal("T-6 Texan-2", "trainer", 5, [2024]),
    }
    after = {
        sr._key("Russia", "KAB-500/1500", 2009): deal("KAB-500/1500", "guided bomb", 200, [2011, 2012]),
        sr._key("United States", "T-6 Texan-2", 2021): deal("T-6 Texan-2", "trainer", 12, [2024, 2025]),
        sr._key("United States", "Hamilton", 2022): deal("Hamilton", "patrol ship", 1, [2025]),
    }
    changes = {(a or b)["designation"]: sr._change(b, a) for _, b, a in sr.pairs(before, after)}
    assert changes == {
        "KAB-500/1500": "same",
        "ScanEagle": "dropped",
        "T-6 Texan-2": "more delivered",
        "Hamilton": "added",
    }


def test_two_candidates_for_one_rename_are_not_guessed():
    before = {
        sr._key("Ukraine", "ship engine 1001-2500", 2004): deal("a", "gas turbine", 16, [2008]),
        sr._key("Ukraine", "ship engine 6001-8000", 2004): deal("b", "gas turbine", 16, [2008]),
    }
    after = {sr._key("Ukraine", "ship engine", 2004): deal("c", "gas turbine", 16, [2008])}
    assert sorted(sr._change(b, a) for _, b, a in sr.pairs(before, after)) == ["added", "dropped", "dropped"]
