"""The numbers behind the deliverable: `<notebook>.xlsx` beside every HTML, one sheet per table
and chart holding the figures shown, formatted, and client text that is never a formula."""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest

from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.report.mime import CHART, META, TABLE
from playbook.report.notebook import table_data
from playbook.report.xlsx_export import excel_format, python_format, to_xlsx

PAYLOAD = '=HYPERLINK("http://x","y")'


def _notebook(*outputs: dict) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    meta = {META: {"client": "Acme", "as_of": "2026-11-01", "playbook_version": "0.1.0", "currency": "GBP"}}
    cells = [nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data=meta)])]
    cells += [nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data=o)]) for o in outputs]
    nb.cells = cells
    return nb


def _book(nb: nbformat.NotebookNode) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(to_xlsx(nb, "Portfolio prioritisation", "abc123")))


@pytest.mark.parametrize("spec, excel", [
    ("{:.0%}", "0%"), ("{:.2f}", "0.00"), ("{:+.2f}", "+0.00;-0.00;0.00"), ("{:,.0f}", "#,##0"),
    ("£{:,.0f}k", '"£"#,##0"k"'), ("{:g}", "General"), ("{}", None), ("{:%d %b}", "dd mmm"),
    ("{:%-d %B %Y}", "d mmmm yyyy"), ("{:%H:%M}", None),
])
def test_python_formats_become_excel_formats(spec: str, excel: str | None) -> None:
    assert python_format(spec) == excel


@pytest.mark.parametrize("spec, excel", [(",.0f", "#,##0"), (".1%", "0.0%"), ("d", "0"), (",.3~f", "#,##0.###"),
                                         ("~s", None), ("%b %Y", None)])
def test_chart_formats_become_excel_formats(spec: str, excel: str | None) -> None:
    assert excel_format(spec) == excel


def test_cover_tables_and_charts_in_the_deliverables_order() -> None:
    frame = pd.DataFrame({"Initiative": [PAYLOAD, "-1+1", "@SUM(A1)", "+44 20"], "Cost": [420000, 1150000, 1, 2],
                          "Funded in draws": [0.5, 0.25, 1, 0], "Due": [dt.date(2027, 1, 31), None, None, None]})
    spec = {"datasets": {"d1": [{"name": PAYLOAD, "p": 0.5, "when": "2026-01-01"}], "d2": [{"x": 1}]},
            "encoding": {"y": {"field": "p", "type": "quantitative", "axis": {"format": ".0%"}},
                         "x": {"field": "when", "type": "temporal"}}}
    nb = _notebook({TABLE: table_data(frame, "On the bubble", {"Funded in draws": "{:.0%}"}), "text/html": ""},
                   {CHART: {"spec": spec, "title": "Probability of being funded", "description": "Half are safe."}})
    wb = _book(nb)
    assert wb.sheetnames == ["Cover", "Table 1 On the bubble", "Figure 1 Probability of being…"]
    cover = {r[0]: r[1] for r in wb["Cover"].iter_rows(min_row=3, max_row=7, values_only=True)}
    assert cover == {"Client": "Acme", "Deliverable": "Portfolio prioritisation", "As of": dt.datetime(2026, 11, 1),
                     "Playbook version": "0.1.0", "Input fingerprint": "abc123"}
    table = wb["Table 1 On the bubble"]
    assert [c.value for c in table[3]] == ["Initiative", "Cost", "Funded in draws", "Due"]
    assert [c.value for c in table[4]] == [PAYLOAD, 420000, 0.5, dt.datetime(2027, 1, 31)]
    assert (table["B4"].number_format, table["C4"].number_format, table["D4"].number_format) == \
        ('"£"#,##0', "0%", "yyyy-mm-dd")
    chart = wb["Figure 1 Probability of being…"]
    assert [c.value for c in chart[4]] == ["name", "p", "when"]
    assert [c.value for c in chart[5]] == [PAYLOAD, 0.5, dt.datetime(2026, 1, 1)]
    assert chart["B5"].number_format == "0%"
    assert chart["A7"].value.startswith("Also drawn") and chart["A9"].value == 1


def test_text_that_looks_like_a_formula_is_stored_as_text_never_a_formula() -> None:
    frame = pd.DataFrame({"Initiative": [PAYLOAD, "-1+1", "@SUM(A1)", "+44 20", "=1+2"]})
    wb = _book(_notebook({TABLE: table_data(frame, "Names"), "text/html": ""}))
    cells = [c for row in wb["Table 1 Names"].iter_rows(min_row=4) for c in row]
    assert [c.value for c in cells] == [PAYLOAD, "-1+1", "@SUM(A1)", "+44 20", "=1+2"]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    raw = to_xlsx(_notebook({TABLE: table_data(frame, "Names"), "text/html": ""}), "x", "y")
    import zipfile
    sheets = [n for n in zipfile.ZipFile(io.BytesIO(raw)).namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in zipfile.ZipFile(io.BytesIO(raw)).read(n) for n in sheets)


# --- every demo deliverable ---------------------------------------------------------------------

class _FirstTable(HTMLParser):
    """The header and body cells of the first <table class="pb-table">, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.state = "before"
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and self.state == "before" and "pb-table" in (dict(attrs).get("class") or ""):
            self.state = "in"
        elif self.state == "in" and tag == "tr":
            self.rows.append([])
        elif self.state == "in" and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if self.state == "in" and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None
        elif self.state == "in" and tag == "table":
            self.state = "done"

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _same_figure(shown: str, value: object) -> bool:
    if value is None:
        return shown == ""
    if isinstance(value, bool):
        return shown == str(value)
    if isinstance(value, dt.datetime):
        return shown in (value.date().isoformat(), f"{value.day} {value:%B %Y}")
    if isinstance(value, (int, float)):
        number = re.sub(r"[^0-9.eE+-]", "", shown.replace("−", "-"))
        if not number:
            return False
        scale = 100 if shown.endswith("%") else 1
        decimals = len(number.split(".")[1]) if "." in number else 0
        return abs(float(number) - value * scale) <= 0.5 * 10 ** -decimals + 1e-9
    return shown == str(value)


def test_every_demo_deliverable_has_its_workbook_and_the_first_table_matches(rendered) -> None:
    checked = 0
    for (client, notebook), html in rendered.items():
        book = html.with_suffix(".xlsx")
        assert book.is_file(), book
        wb = openpyxl.load_workbook(book)
        assert wb.sheetnames[0] == "Cover" and wb["Cover"]["B7"].value
        parser = _FirstTable()
        parser.feed(html.read_text(encoding="utf-8"))
        tables = [n for n in wb.sheetnames if n.startswith("Table 1 ")]
        assert bool(parser.rows) == bool(tables), (client, notebook)
        if not tables:
            continue
        sheet = [list(r) for r in wb[tables[0]].iter_rows(min_row=3, values_only=True)]
        header, body = parser.rows[0], parser.rows[1:]
        assert [str(v) for v in sheet[0]] == header, (client, notebook)
        assert len(sheet) - 1 == len(body), (client, notebook)
        for shown_row, values in zip(body, sheet[1:]):
            for shown, value in zip(shown_row, values):
                assert _same_figure(shown, value), (client, notebook, shown, value)
        checked += 1
    assert checked >= len({c for c, _ in rendered}) * 3


@pytest.mark.slow
def test_a_formula_in_an_initiative_name_stays_text_in_the_delivered_workbook(tmp_path: Path) -> None:
    from playbook.engine.run import run

    data_dir = tmp_path / "clients"
    shutil.copytree(DEFAULT_DATA_DIR / "acme-logistics", data_dir / "acme-logistics")
    portfolio = data_dir / "acme-logistics" / "portfolio.csv"
    text = portfolio.read_text(encoding="utf-8")
    portfolio.write_text(text.replace("Dynamic route optimisation", '"=HYPERLINK(""http://x"",""y"")"'),
                         encoding="utf-8")
    outcome = run("acme-logistics", "prioritisation", data_dir, tmp_path / "out")
    wb = openpyxl.load_workbook(outcome.html.with_suffix(".xlsx"))
    found = [c for ws in wb for row in ws.iter_rows() for c in row if c.value == PAYLOAD]
    assert found and all(c.data_type == "s" for c in found)
    assert not any(c.data_type == "f" for ws in wb for row in ws.iter_rows() for c in row)


def test_the_decisions_requested_become_a_table_of_the_workbook(monkeypatch) -> None:
    from playbook.report import notebook

    emitted = []
    monkeypatch.setattr(notebook, "_emit", lambda markup, plain, extra=None: emitted.append(extra))
    notebook.summary("Fund eight.", ["One finding."], [notebook.Decision("Approve the plan", "Steering committee",
                                                                        dt.date(2027, 1, 31))])
    wb = _book(_notebook({TABLE: emitted[0][TABLE], "text/html": ""}))
    ws = wb["Table 1 Decisions requested"]
    assert [c.value for c in ws[4]] == ["Approve the plan", "Steering committee", dt.datetime(2027, 1, 31)]
    assert ws["C4"].number_format == "d mmmm yyyy"
