from usvn import text


def test_count_agrees_in_number():
    assert text.count(1, "year differs", "years differ") == "1 year differs"
    assert text.count(3, "year") == "3 years"
    assert text.count(0, "year") == "no years"


def test_ordinal_and_money():
    assert [text.ordinal(n) for n in (1, 2, 3, 11, 12, 13, 21, 102)] == \
        ["1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "102nd"]
    assert text.usd_billions(123463.0) == "$123.5 billion"
    assert text.percent(0.204) == "20%"
