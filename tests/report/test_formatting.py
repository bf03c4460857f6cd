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
