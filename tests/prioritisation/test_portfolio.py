"""portfolio.csv and the `prioritisation` settings it relies on: the frame convention, and every
error naming file, row, field, what was found and what was expected."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from playbook.prioritisation import portfolio
from playbook.cli import main
from playbook.intake.client import load_client
from playbook.errors import DataError


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(path: Path, rows: list[dict[str, str]], fields: list[str] | None = None) -> None:
    fields = fields or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def edit(folder: Path, **cells: dict[str, str]) -> None:
    """Change cells of portfolio.csv: edit(folder, I03={"depends_on": "I07"})."""
    path = folder / portfolio.FILE
    rows = rows_of(path)
    for row in rows:
        row.update(cells.get(row["id"], {}))
    write_rows(path, rows)


def set_yaml(folder: Path, old: str, new: str) -> None:
    path = folder / "client.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def issues(folder: Path):
    return portfolio.load(folder, load_client(folder))[1]


@pytest.fixture
def acme(data_dir: Path) -> Path:
    return data_dir / "acme-logistics"


@pytest.mark.parametrize("client", ["acme-logistics", "northwind-retail", "helix-health"])
def test_demo_portfolios_load_into_the_frame_prioritise_expects(data_dir, client):
    folder = data_dir / client
    c = load_client(folder)
    frame, found = portfolio.load(folder, c)
    assert found == []
    assert frame.index.name == "id" and 15 <= len(frame) <= 40
    assert list(frame.index) == [f"I{n:02d}" for n in range(1, len(frame) + 1)]
    for criterion in c.prioritisation.criteria:
        assert frame[criterion.name].dtype == float
    for team in c.prioritisation.capacity:
        assert frame[f"fte_{team}"].dtype == float
    assert all(isinstance(v, list) for v in frame["depends_on"]) and frame["mandatory"].dtype == bool
    assert frame["mandatory"].sum() >= 1 and frame["depends_on"].map(len).sum() >= 3
    assert frame["exclusive_with"].map(len).sum() >= 2  # one pair, listed from both sides
    assert frame["objective"].isna().sum() >= 1  # an orphan
    assert set(frame["objective"].dropna()) <= c.objective_ids


def test_exclusions_are_made_symmetric_and_blanks_mean_no_demand(acme):
    edit(acme, I14={"exclusive_with": ""}, I09={"fte_engineering": ""})
    frame = portfolio.load_valid(acme, load_client(acme))
    assert frame.at["I14", "exclusive_with"] == ["I13"] and frame.at["I13", "exclusive_with"] == ["I14"]
    assert frame.at["I09", "fte_Engineering"] == 0.0


def test_a_missing_portfolio_is_an_empty_one_not_an_error(acme):
    (acme / portfolio.FILE).unlink()
    frame, found = portfolio.load(acme, load_client(acme))
    assert found == [] and frame.empty and "fte_Engineering" in frame.columns


def one(found, field):
    hits = [i for i in found if i.field == field]
    assert len(hits) == 1, found
    return hits[0]


def test_unknown_objective_is_named_with_row_and_the_valid_ids(acme):
    edit(acme, I05={"objective": "O9"})
    issue = one(issues(acme), "objective")
    assert (issue.file, issue.row, issue.found) == ("portfolio.csv", 5, "O9")
    assert "O1, O2, O3, O4" in issue.expected and "blank" in issue.expected


@pytest.mark.parametrize("field", ["depends_on", "exclusive_with"])
def test_unknown_linked_ids_are_named(acme, field):
    edit(acme, I08={field: "I03;I99"})
    issue = one(issues(acme), field)
    assert (issue.row, issue.found) == (8, "I99") and "I01, I02" in issue.expected


def test_duplicate_id_points_at_the_first(acme):
    edit(acme, I09={"id": "I08"})
    issue = one(issues(acme), "id")
    assert (issue.row, issue.found) == (9, "I08") and "first at row 8" in issue.expected


def test_a_dependency_cycle_is_named_as_a_loop(acme):
    edit(acme, I03={"depends_on": "I07"}, I07={"depends_on": "I03"})
    issue = one(issues(acme), "depends_on")
    assert issue.row == 3 and str(issue.found) == "the cycle I03 → I07 → I03"


def test_a_longer_cycle_and_a_self_dependency(acme):
    edit(acme, I01={"depends_on": "I10"}, I10={"depends_on": "I05"}, I05={"depends_on": "I01"},
         I20={"depends_on": "I20"})
    found = sorted(str(i.found) for i in issues(acme) if i.field == "depends_on")
    assert found == ["the cycle I01 → I10 → I05 → I01", "the cycle I20 → I20"]


def test_missing_criterion_column_names_the_criterion(acme):
    path = acme / portfolio.FILE
    rows = rows_of(path)
    write_rows(path, rows, [f for f in rows[0] if f != "delivery_risk"])
    issue = one(issues(acme), "delivery_risk")
    assert issue.file == "portfolio.csv" and "criterion" in issue.expected and "client.yaml" in issue.expected


def test_row_values_are_checked_with_row_numbers(acme):
    edit(acme, I02={"cost": "lots"}, I04={"strategic_fit": ""}, I06={"mandatory": "maybe"},
         I11={"fte_operations": "-1"})
    found = {(i.field, i.row) for i in issues(acme)}
    assert {("cost", 2), ("strategic_fit", 4), ("mandatory", 6), ("fte_operations", 11)} <= found


def test_unknown_forced_out_id_is_reported_on_client_yaml_with_its_line(acme):
    set_yaml(acme, "  budget: 4500000\n", "  budget: 4500000\n  forced_out: [I26, I77]\n")
    issue = one(issues(acme), "prioritisation.forced_out")
    assert (issue.file, issue.found) == ("client.yaml", "I77") and issue.line is not None


def test_capacity_team_without_its_column_and_column_without_its_team(acme):
    set_yaml(acme, "{Engineering: 40, Operations: 12}", "{Engineering: 40, Operations: 12, Data: 5}")
    issue = one(issues(acme), "prioritisation.capacity.Data")
    assert issue.file == "client.yaml" and "fte_data" in issue.expected
    set_yaml(acme, "{Engineering: 40, Operations: 12, Data: 5}", "{Engineering: 40}")
    issue = one(issues(acme), "fte_operations")
    assert issue.file == "portfolio.csv" and "Engineering" in issue.expected


def test_ahp_judgements_outside_the_scale_or_missing_a_pair(data_dir):
    helix = data_dir / "helix-health"
    set_yaml(helix, "strategic_fit over financial_value: 2", "strategic_fit over financial_value: 12")
    set_yaml(helix, "    patient_impact over delivery_risk: 3\n", "")
    found = [i for i in issues(helix) if i.field == "prioritisation.pairwise"]
    text = " | ".join(f"{i.found} -> {i.expected}" for i in found)
    assert len(found) == 2 and all(i.file == "client.yaml" for i in found)
    assert "12" in text and "1/9 to 9" in text
    assert "patient_impact over delivery_risk' is missing" in text


def test_wsjf_method_needs_its_columns_and_the_scale(data_dir):
    nw = data_dir / "northwind-retail"
    edit(nw, I04={"job_size": "4"}, I05={"business_value": ""})
    found = {(i.field, i.row) for i in issues(nw)}
    assert {("job_size", 4), ("business_value", 5)} <= found
    path = nw / portfolio.FILE
    rows = rows_of(path)
    write_rows(path, rows, [f for f in rows[0] if f != "time_criticality"])
    assert "wsjf" in one(issues(nw), "time_criticality").expected


def test_every_problem_at_once_and_load_valid_raises(acme):
    edit(acme, I05={"objective": "O9"}, I08={"depends_on": "I99"})
    with pytest.raises(DataError) as exc:
        portfolio.load_valid(acme, load_client(acme))
    assert len(exc.value.issues) == 2


def test_european_excel_export_is_read(acme):
    path = acme / portfolio.FILE
    rows = rows_of(path)
    for r in rows:
        r["fte_engineering"] = r["fte_engineering"].replace(".", ",")
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=";", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    frame = portfolio.load_valid(acme, load_client(acme))
    assert frame.at["I04", "fte_Engineering"] == 0.5


def test_cli_validate_exits_1_and_names_the_cycle(data_dir, capsys):
    edit(data_dir / "acme-logistics", I03={"depends_on": "I07"}, I07={"depends_on": "I03"})
    assert main(["validate", "acme-logistics", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    line = next(ln for ln in err.splitlines() if "cycle" in ln)
    assert "portfolio.csv, row 3" in line and "'depends_on'" in line and "I03 → I07 → I03" in line


def test_cli_validate_accepts_every_demo_client(data_dir, capsys):
    for client in ("acme-logistics", "northwind-retail", "helix-health"):
        assert main(["validate", client, "--data-dir", str(data_dir)]) == 0


def test_a_new_clients_header_only_portfolio_needs_no_budget_or_criteria_yet(acme):
    (acme / portfolio.FILE).write_text("id,name,objective,cost,depends_on,exclusive_with,mandatory\n",
                                       encoding="utf-8")
    text = (acme / "client.yaml").read_text(encoding="utf-8")
    start = text.index("\nprioritisation:") + 1
    (acme / "client.yaml").write_text(text[:start] + "prioritisation:\n  method: weighted\n", encoding="utf-8")
    frame, found = portfolio.load(acme, load_client(acme))
    assert frame.empty and found == []
    edit_rows = [{"id": "I01", "name": "First", "objective": "O1", "cost": "100"}]
    write_rows(acme / portfolio.FILE, edit_rows)
    assert {i.field for i in issues(acme)} == {"prioritisation.budget", "prioritisation.criteria"}


def _with_lifecycle(folder: Path, cells: dict[str, dict[str, str]]) -> None:
    path = folder / portfolio.FILE
    rows = rows_of(path)
    fields = list(rows[0]) + [c for c in portfolio.LIFECYCLE if c not in rows[0]]  # the demo may have them
    for row in rows:
        row.update({c: "" for c in portfolio.LIFECYCLE}, **cells.get(row["id"], {}))
    write_rows(path, rows, fields)


def test_lifecycle_columns_load_with_defaults(acme):
    _with_lifecycle(acme, {"I01": {"status": "In-Flight", "start": "2026-03-01", "finish": "2026-12-31",
                                   "spent_to_date": "150000", "category": "it-platform"},
                           "I02": {"status": "done", "start": "2025-01-01", "finish": "2025-06-30",
                                   "actual_cost": "1300000", "actual_finish": "2025-09-30"}})
    frame, found = portfolio.load(acme, load_client(acme))
    assert found == []
    assert frame.loc["I01", "status"] == "in_flight" and frame.loc["I01", "spent_to_date"] == 150000
    assert str(frame.loc["I01", "finish"]) == "2026-12-31" and frame.loc["I01", "category"] == "it-platform"
    assert frame.loc["I02", "actual_cost"] == 1300000 and str(frame.loc["I02", "actual_finish"]) == "2025-09-30"
    assert frame.loc["I03", "status"] == "proposed" and frame.loc["I03", "spent_to_date"] == 0
    assert frame.loc["I03", "start"] is None


@pytest.mark.parametrize("cells, field, found, expected", [
    ({"status": "paused"}, "status", "paused", "one of proposed, approved, in_flight, on_hold, done or stopped"),
    ({"start": "2026-05-01", "finish": "2026-03-01"}, "finish", "2026-03-01", "on or after start (2026-05-01)"),
    ({"start": "2026-02-30"}, "start", "2026-02-30", "a real calendar date"),
    ({"start": "01/03/2026"}, "start", "01/03/2026", "YYYY-MM-DD"),
    ({"spent_to_date": "-5"}, "spent_to_date", "-5", "≥ 0"),
    ({"spent_to_date": "nan"}, "spent_to_date", "nan", "finite"),
    ({"status": "in_flight", "actual_cost": "10"}, "actual_cost", "10", "done or stopped"),
])
def test_lifecycle_cells_are_checked_with_row_and_field(acme, cells, field, found, expected):
    _with_lifecycle(acme, {"I04": cells})
    issue = one(issues(acme), field)
    assert (issue.file, issue.row, str(issue.found)) == ("portfolio.csv", 4, found)
    assert expected in issue.expected, issue.expected
