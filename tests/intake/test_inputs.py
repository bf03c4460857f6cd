"""Reading consultants' files: CSV rules and client.yaml messages."""
from __future__ import annotations

from pathlib import Path

import pytest

from playbook.intake.client import load_client
from playbook.errors import DataError
from playbook.maturity.responses import ResponseRow
from playbook.intake.csv_files import parse_rows, read_csv
from playbook.intake.values import parse_number


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_bom_trailing_spaces_case_and_blank_rows_are_accepted(tmp_path):
    p = write(tmp_path / "r.csv", "\ufeffRespondent , Role,question,score\nAnn ,Exec , G1, 3 \n\n,,,\n")
    table, issues = read_csv(p, ["respondent", "role", "question", "score"])
    assert not issues
    assert table.rows == [{"respondent": "Ann", "role": "Exec", "question": "G1", "score": "3"}]


def test_semicolon_file_reads_decimal_commas(tmp_path):
    p = write(tmp_path / "p.csv", "id;cost\nI01;1234,5\n")
    table, issues = read_csv(p, ["id", "cost"])
    assert not issues and table.european and table.rows[0]["cost"] == "1234,5"  # cells stay as written
    assert parse_number(table.rows[0]["cost"], table.european) == 1234.5  # numbers are read by the file's rule


def test_windows_1252_is_decoded(tmp_path):
    p = write(tmp_path / "r.csv", "respondent,role,question,score\nJos\xe9,Exec,G1,3\n".encode("cp1252"))
    table, _ = read_csv(p, ["respondent", "role", "question", "score"])
    assert table.rows[0]["respondent"] == "José"


def test_misspelt_column_suggests_the_closest_name(tmp_path):
    p = write(tmp_path / "r.csv", "respondent,role,question,scroe\nAnn,Exec,G1,3\n")
    _, issues = read_csv(p, ["respondent", "role", "question", "score"])
    assert len(issues) == 1
    assert issues[0].field == "score" and "did you mean 'scroe'" in str(issues[0])


def test_empty_and_missing_files_are_named(tmp_path):
    _, issues = read_csv(write(tmp_path / "e.csv", ""), ["a"])
    assert "e.csv" in str(issues[0]) and "empty" in str(issues[0])
    _, issues = read_csv(tmp_path / "nope.csv", ["a"])
    assert "nope.csv" in str(issues[0])


def test_row_numbers_match_the_spreadsheet_even_after_blank_rows(tmp_path):
    p = write(tmp_path / "r.csv", "respondent,role,question,score\nA,E,G1,3\n\nB,E,G1,9\n")
    table, _ = read_csv(p, ["respondent", "role", "question", "score"])
    _, issues = parse_rows(table, ResponseRow)
    assert issues[0].row == 3 and issues[0].found == "9"


@pytest.mark.parametrize("text, field, fragment", [
    ("client: Acme\nengagement: {weeks: -3}\n", "engagement.weeks", "> 0"),
    ("client: Acme\nobjectives:\n  - {id: O1}\n  - {id: O2, baseline: abc}\n", "objectives[2].baseline", "a number"),
    ("client: Acme\nworkstreams:\n  - {name: A, share: 0.5}\n  - {name: B, share: 0.8}\n", "workstreams", "1.30"),
    ("client: Acme\nclient: Beta\n", "(syntax)", "each key once"),
    ("client: Acme\n\tsector: x\n", "(syntax)", "tabs"),
    ("client: !!python/object/apply:os.system ['echo pwned']\n", "(syntax)", "never executed"),
    ("client: Acme\ncurrency: pounds\n", "currency", "ISO 4217"),
    ("client: Acme\nengagemnt: {}\n", "engagemnt", "did you mean 'engagement'"),
])
def test_client_yaml_errors_name_the_field(tmp_path, text, field, fragment):
    write(tmp_path / "client.yaml", text)
    with pytest.raises(DataError) as err:
        load_client(tmp_path)
    message = str(err.value)
    assert "client.yaml" in message and f"'{field}'" in message and fragment in message


def test_scaffold_like_client_is_valid(tmp_path):
    write(tmp_path / "client.yaml", "client: New Co\n")
    client = load_client(tmp_path)
    assert client.role == "pmo" and client.objectives == []


@pytest.mark.parametrize("client", ["acme-logistics", "northwind-retail", "helix-health"])
def test_yaml_write_back_changes_only_the_key_written(data_dir, client):
    from playbook.intake.yaml_files import update_file

    path = data_dir / client / "client.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    update_file(path, {("prioritisation", "budget"): 1234567})
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 1 and "1234567" in changed[0][1]
    assert load_client(path.parent).prioritisation.budget == 1234567


def test_yaml_write_back_into_a_list_entry(data_dir):
    from playbook.intake.yaml_files import update_file

    path = data_dir / "acme-logistics" / "client.yaml"
    update_file(path, {("prioritisation", "criteria", 1, "weight"): 0.25})
    criteria = load_client(path.parent).prioritisation.criteria
    assert [(c.name, c.weight) for c in criteria] == [("strategic_fit", 0.4), ("financial_value", 0.25),
                                                      ("delivery_risk", 0.2)]
    assert criteria[2].lower_is_better is True


def test_yaml_merge_keys_load_and_a_tag_merged_in_is_still_refused(tmp_path):
    """`<<: *anchor` copies keys that have no line of their own in the mapping they join."""
    from playbook.intake.yaml_files import load_rt

    path = tmp_path / "f.yaml"
    path.write_text("base: &b {x: 1}\nthing:\n  <<: *b\n  y: 2\n")
    assert load_rt(path)["thing"] == {"y": 2, "x": 1}
    path.write_text("base: &b {x: !!python/name:os.system 1}\nthing:\n  <<: *b\n")
    with pytest.raises(DataError, match="never executed") as caught:
        load_rt(path)
    assert caught.value.issues[0].line == 1


def test_yaml_block_nesting_past_the_composer_s_recursion_is_a_data_error(tmp_path):
    from playbook.intake.yaml_files import load_rt

    path = tmp_path / "f.yaml"
    path.write_text("client: X\n" + "".join(" " * i + f"k{i}:\n" for i in range(1200)) + " " * 1200 + "v: 1\n")
    with pytest.raises(DataError, match="at most 20 levels of nesting"):
        load_rt(path)
