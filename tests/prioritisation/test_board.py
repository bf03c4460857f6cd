"""The decision page: a governing sentence, 3-5 findings, decisions with who and when; money beside
the score with its basis; the paradoxes explained in plain words; and the summary's figures equal
to the table's and the chart's."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from playbook.intake.client import load_client
from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.prioritisation import board, captions, charts, paradoxes
from playbook.prioritisation.benefit_money import register_money, set_money
from playbook.report.formatting import money_text
from tests.prioritisation.conftest import CLIENTS
from tests.report.test_plain_words import offences


@pytest.fixture(scope="module")
def boards(plans) -> dict[str, board.Board]:
    out = {}
    for client in CLIENTS:
        c = load_client(DEFAULT_DATA_DIR / client)
        out[client] = board.build(plans[client], c, c.as_of, DEFAULT_DATA_DIR / client)
    return out


def executive_words(b: board.Board) -> list[str]:
    return [board.governing(b), *board.findings(b), *(d.what for d in board.decisions(b)),
            *captions.explanations(b), captions.cut_list_title(b), captions.probability_title(b)]


@pytest.mark.parametrize("client", CLIENTS)
def test_the_summary_opens_with_one_sentence_three_to_five_findings_and_dated_decisions(boards, client):
    b = boards[client]
    thought = board.governing(b)
    assert thought.endswith(".") and thought.count(". ") == 0  # one sentence
    assert 3 <= len(board.findings(b)) <= 5
    asked = board.decisions(b)
    assert 1 <= len(asked) <= 4
    assert all(d.who and isinstance(d.by, dt.date) and d.by > b.as_of for d in asked)
    assert asked[0].what.startswith(f"Approve funding for the {len(b.plan.selection.funded)} proposals")


@pytest.mark.parametrize("client", CLIENTS)
def test_executive_words_are_plain(boards, client):
    for text in executive_words(boards[client]):
        assert offences(text) == [], text
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text  # no field names such as strategic_fit


def test_the_funding_owner_decides_by_the_next_steering_meeting():
    acme = load_client(DEFAULT_DATA_DIR / "acme-logistics")
    # the RACI makes the CFO accountable for "Prioritisation and funding" (not the sponsor's governance line)
    assert board.decider(acme) == "Priya Shah, Chief Financial Officer"
    # steering committee every 4 weeks from 1 Sep 2026: 29 Sep, 27 Oct, 24 Nov (the date delivery and benefits use)
    assert board.decide_by(acme, dt.date(2026, 11, 1)) == dt.date(2026, 11, 24)
    assert board.decide_by(acme, dt.date(2026, 10, 27)) == dt.date(2026, 11, 24)  # after as-of, not on it
    assert board.decide_by(acme, dt.date(2026, 10, 20)) == dt.date(2026, 10, 27)
    northwind = load_client(DEFAULT_DATA_DIR / "northwind-retail")
    assert board.decider(northwind).startswith(northwind.sponsor.name)  # no funding line in its RACI


def test_benefit_money_is_the_priced_change_a_year_with_harm_negative(tmp_path):
    (tmp_path / "benefits.csv").write_text(
        "id,name,initiative,objective,owner,measure,unit,direction,baseline,target,start,due,kind,value_per_unit\n"
        "B1,Fuel,I1,O1,A,Fuel per parcel,GBP,decrease,0.62,0.54,2026-01-01,2027-01-01,benefit,25000000\n"
        "B2,Overtime,I1,O1,A,Overtime hours,hours,increase,0,450,2026-01-01,2027-01-01,dis-benefit,1560\n"
        "B3,Portal,I2,O1,A,Portal ARR,GBP m,increase,0,2.4,2026-01-01,2027-01-01,benefit,1000000\n"
        "B4,Unpriced,I3,O1,A,Calls,count,decrease,10,5,2026-01-01,2027-01-01,benefit,\n", encoding="utf-8")
    reg = register_money(tmp_path)
    money = reg.set_index("id")["run_rate"]
    assert money["B1"] == pytest.approx(2_000_000) and money["B2"] == pytest.approx(-702_000)
    assert money["B3"] == pytest.approx(2_400_000) and money.isna()["B4"]
    s = set_money(reg, ["I1", "I3", "I9"])
    assert s.total == pytest.approx(1_298_000) and s.priced == ("I1",) and s.unpriced == ("I3", "I9")
    assert set_money(register_money(tmp_path / "none"), ["I1"]).unpriced == ("I1",)  # no register: nothing priced


@pytest.mark.parametrize("client", CLIENTS)
def test_headline_figures_match_the_funded_table_and_the_cut_list_chart(boards, client):
    b = boards[client]
    plan, table = b.plan, board.funded_table(b)
    total = table.iloc[-1]
    assert total["Proposal"] == f"Total: {len(plan.selection.funded)} proposals" and len(table) == len(plan.selection.funded) + 1
    cost, benefit = total["Cost (one-off)"], total["Benefit a year at target"]
    assert cost == money_text(sum(plan.portfolio.loc[list(plan.selection.funded), "cost"]), plan.currency)
    words = [board.governing(b), board.findings(b)[0], board.decisions(b)[0].what]
    assert all(f"{len(plan.selection.funded)} of the {len(plan.portfolio)} proposals for {cost}" in w for w in words[:2])
    assert cost in words[2]
    if b.money.priced:
        assert all(f"{benefit} a year" in w for w in words)
    else:
        assert benefit == "not priced" and "no" in words[1] and "a year" not in board.governing(b)
    spec = charts.ranked(plan).to_dict()
    rows = max(spec["datasets"].values(), key=len)
    assert sum(r["funded"] for r in rows) == len(plan.selection.funded)  # the chart shows what the text says
    assert f"{len(b.settled)} proposal" in captions.probability_title(b)
    assert f"{len(b.close_calls)} close call" in board.governing(b) or not b.close_calls


def test_a_long_funded_table_shows_the_top_and_sums_the_rest(boards):
    b = boards["helix-health"]  # 13 funded: the top 10, one row for the other 3, the total
    table = board.funded_table(b, limit=10)
    assert len(table) == 12 and table.iloc[10]["Proposal"] == "and 3 more (in the appendix's full cut list)"
    rest = b.plan.portfolio.loc[[i for i in board.ranking(b.plan).index if i in b.plan.selection.funded][10:], "cost"]
    assert table.iloc[10]["Cost (one-off)"] == money_text(rest.sum(), "USD")
    assert table.iloc[-1]["Cost (one-off)"] == money_text(b.plan.selection.total_cost, "USD")
    assert table.iloc[-1]["Benefit a year at target"] == "$2.5m" and table.iloc[10]["Benefit a year at target"] == "not priced"


def test_money_figures_match_the_register_where_priced(boards):
    b = boards["helix-health"]  # I07 and I08 are funded and priced: $1.26m + $1.248m a year
    assert b.money.priced == ("I07", "I08") and b.money.total == pytest.approx(2_508_000)
    assert "$2.5m a year once their targets are reached (annual run-rate)" in board.findings(b)[0]
    acme = boards["acme-logistics"]  # none of the funded proposals has a priced benefit: said, not hidden
    assert not acme.money.priced and "none of the 10 has a benefit priced" in board.findings(acme)[0]


def test_the_top_scoring_close_call_is_explained(boards):
    text = paradoxes.top_scorer_puzzle(boards["acme-logistics"].plan)
    # I28 scores highest of 27 but needs 3.5 Engineering FTE of the 21.5 that work under way leaves
    assert text.startswith("Why I28 Dynamic pricing engine is a close call although it scores 1st of 27")
    assert "46% of the alternatives" in text and "3.5 Engineering FTE, 16% of the 21.5 FTE" in text
    assert "ranks only 12th" in text


def test_a_change_of_method_is_tested_not_only_the_weights(boards):
    helix = boards["helix-health"]
    check = next(c for c in helix.checks if c.method == "weighted")
    assert len(check.kept) == 10 and len(helix.plan.selection.funded) == 13
    words = paradoxes.method_sentence(helix.plan, helix.checks)
    assert "keep 10 of the 13" in words and "3 funded proposals depend on the method" in words
    assert not set(helix.settled) - set(check.kept)  # settled means every method funds it
    north = boards["northwind-retail"]  # weighted scoring and WSJF order the proposals only partly alike...
    assert north.checks[0].agreement < 0.5 and "partly alike" in paradoxes.method_sentence(north.plan, north.checks)
    # ...yet fund the same set, so the set does not hinge on the method
    assert "does not hinge on the method" in paradoxes.method_sentence(north.plan, north.checks)


def test_inconsistent_judgements_are_explained_with_criterion_labels(boards):
    b = boards["helix-health"]
    text = paradoxes.judgements_sentence(b.plan, b.checks)
    assert "'Patient impact over Financial value' was judged 3 times as important" in text
    assert "about 1/1.2" in text and "10 of the 13 funded proposals stay funded" in text
    assert any(d.what.startswith("Re-take the judgement 'Patient impact over Financial value'")
               for d in board.decisions(b))
    assert paradoxes.judgements_sentence(boards["acme-logistics"].plan, []) is None  # consistent: nothing to say


def test_labels_and_saaty_values_read_as_the_client_says_them():
    assert paradoxes.label("strategic_fit") == "Strategic fit"
    assert paradoxes._saaty(3.0) == "3" and paradoxes._saaty(1 / 1.2) == "1/1.2" and paradoxes._saaty(0.2) == "1/5"


def test_an_infeasible_portfolio_asks_for_the_decision_that_makes_funding_possible(data_dir):
    from tests.prioritisation.test_results import make_infeasible
    from playbook.prioritisation import portfolio
    from playbook.prioritisation.results import plan as make_plan

    folder = make_infeasible(data_dir) / "acme-logistics"
    client = load_client(folder)
    made = make_plan(portfolio.load_valid(folder, client), client, draws=0)
    b = board.build(made, client, client.as_of, folder)
    thought = board.governing(b)
    assert thought.startswith("No funding decision is possible as the portfolio stands: mandatory initiatives")
    assert thought.count(";") == 0 and thought.endswith(".")
    (asked,) = board.decisions(b)
    assert asked.what.startswith("Make a funding decision possible: raise the budget to at least £6.0m")
    assert asked.who == "Priya Shah, Chief Financial Officer" and asked.by == dt.date(2026, 11, 24)
    assert board.results_entries(b)["headline"]["settled"] == [] and board.funded_table(b).iloc[-1]["Proposal"] == "Total: 0 proposals"
