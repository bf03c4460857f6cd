"""How money and lists are written in every deliverable."""
from __future__ import annotations

from playbook.report.formatting import join_words, money_text


def test_money_text():
    assert money_text(4_930_000, "GBP") == "£4.9m"
    assert money_text(-351_000, "EUR") == "−€351k"
    assert money_text(8_485, "USD") == "$8,485"
    assert money_text(2_000_000, "CHF") == "CHF 2.0m"


def test_join_words():
    assert join_words(["A"]) == "A"
    assert join_words(["A", "B"]) == "A and B"
    assert join_words(["A", "B", "C"]) == "A, B and C"


def test_rounding_is_half_up_on_the_decimal_shown():
    from playbook.report.formatting import number_text, percent_text, rounded
    assert f"{2.25:.1f}" == "2.2"  # the float trap the layer exists for
    assert number_text(2.25) == "2.3" and rounded(2.25) == 2.3
    assert number_text(2.35) == "2.4" and number_text(-2.25) == "-2.3"
    assert number_text(0.7, 2) == "0.70" and number_text(1234.5, 0) == "1,235"
    assert percent_text(0.545) == "55%" and percent_text(0.5449) == "54%" and percent_text(1 / 3, 1) == "33.3%"


def test_dates_and_counts_read_as_words():
    import datetime as dt

    from playbook.report.formatting import count_text, date_text
    assert date_text(dt.date(2026, 10, 2)) == "2 October 2026"
    assert count_text(1, "dimension") == "1 dimension" and count_text(3, "dimension") == "3 dimensions"
    assert count_text(0, "benefit") == "0 benefits" and count_text(2, "person", "people") == "2 people"


def test_money_text_rounds_half_up_like_every_figure():
    assert money_text(82_500, "GBP") == "£83k"  # format() alone gives £82k (half to even)
    assert money_text(999_500, "GBP") == "£1.0m"  # never "£1,000k"
    assert money_text(2_250_000, "GBP") == "£2.3m"


def test_a_negative_amount_puts_its_sign_before_the_currency():
    from playbook.report.notebook import _signed
    assert _signed("£-72,314") == "−\u2060£72,314" and _signed("EUR -5") == "EUR -5"
    assert _signed("£72,314") == "£72,314" and _signed("-0.50") == "-0.50" and _signed("US$-3") == "−\u2060US$3"
