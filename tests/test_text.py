from usvn.facts import kinds as text


def test_count_agrees_in_number():
    assert text.count(1, "year differs", "years differ") == "1 year differs"
    assert text.count(3, "year") == "3 years"
    assert text.count(0, "year") == "no years"


def test_ordinal_and_money():
    assert [text.ordinal(n) for n in (1, 2, 3, 9, 10, 11, 12, 13, 21, 102)] == [
        "first",
        "second",
        "third",
        "ninth",
        "10th",
        "11th",
        "12th",
        "13th",
        "21st",
        "102nd",
    ]
    assert text.ranked(1, "largest") == "largest" and text.ranked(3, "largest") == "third-largest"
    assert text.ranked(12, "fastest") == "12th-fastest"
    assert text.usd_billions(123463.0) == "$123.5 billion"
    assert text.usd_billions(199.0) == "$199 million"
    assert text.percent(0.204) == "20%"


def test_times_keeps_one_decimal_only_for_small_multiples():
    assert [text.times(x) for x in (4.48, 45.4, 686.24)] == ["4.5", "45", "686"]


def test_month_names_the_month():
    assert text.month("2026-08") == "August 2026"


def test_statutory_rates_keep_the_decimals_the_order_set():
    assert text.statutory(0.125).text() == "12.5%"  # percent() would print '12%'
    assert text.statutory(0.2).text() == "20%"
    assert text.statutory(0.0725).text() == "7.25%"


def test_a_table_cell_is_one_escaped_line():
    assert text.cell("a | b\n  c") == "a \\| b c"
    assert text.cell(None) == "—"
    assert text.cell(float("nan")) == "—"
    assert text.cell("", empty="") == ""
    assert text.cell("x" * 200, limit=160) == "x" * 157 + "…"
    assert text.cell("short", limit=160) == "short"
