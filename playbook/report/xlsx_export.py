"""Executed notebook → `<notebook>.xlsx`: the numbers behind every table and chart.

The first thing a CFO's analyst asks for is the data behind a chart. Each run therefore also
writes a workbook: a cover sheet with the deliverable's header (client, as-of, version,
fingerprint) and a list of contents, then one sheet per table and per chart in the order of the
deliverable, holding the values it shows, with numbers as numbers, dates as dates and the same
number formats (money, percentages, decimals) the deliverable uses. Client text is written as
inert text, never as a formula (see playbook.intake.xlsx_cells).
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any, Iterator

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from playbook.intake.xlsx_cells import fit_widths, header_row, put, sheet_title
from playbook.report.html_export import SKIP_TAGS
from playbook.report.mime import CHART, META, TABLE

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$", "JPY": "¥", "CHF": "CHF ", "INR": "₹"}
MONEY_NAME = re.compile(r"(^|_)(cost|costs|budget|money|spend|spent|price|revenue|eac|bac|vac)(_|$)")
_SPEC = re.compile(r"^(?P<sign>[+\-( ])?(?P<symbol>[$#])?0?\d*(?P<comma>,)?(?:\.(?P<precision>\d+))?"
                   r"(?P<trim>~)?(?P<type>[a-z%])?$")
_PYTHON = re.compile(r"^(?P<prefix>[^{}]*)\{(?:[^{}:]*):(?P<spec>[^{}]*)\}(?P<suffix>[^{}]*)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T00:00:00(\.0+)?)?$")
TITLE_FONT = Font(bold=True, size=13)
_DATE_PARTS = {"%d": "dd", "%-d": "d", "%b": "mmm", "%B": "mmmm", "%m": "mm", "%-m": "m", "%Y": "yyyy", "%y": "yy"}
_DATE_PART = re.compile(r"%-?[dbBmYy]")
_DATE_SPEC = re.compile(r"(?:%-?[dbBmYy]|[ ,/.-])+")


def excel_format(spec: str, prefix: str = "", suffix: str = "") -> str | None:
    """A Python or d3 number format ('{:,.0f}', '.0%', '+.2f') as an Excel number format;
    None for formats without an Excel equivalent (SI prefixes, time formats)."""
    m = _SPEC.match(spec)
    if m is None or m["type"] not in (None, "f", "d", "%", "g", "n"):
        return None
    digits = int(m["precision"]) if m["precision"] is not None else (6 if m["type"] == "f" else 0)
    if m["type"] in (None, "g", "n") and m["precision"] is None:
        body = "#,##0.##########" if m["comma"] else "General"
    else:
        decimals = ("." + ("#" if m["trim"] else "0") * digits) if digits and m["type"] != "d" else ""
        body = ("#,##0" if m["comma"] else "0") + decimals + ("%" if m["type"] == "%" else "")
    quote = (lambda t: f'"{t}"' if t else "")
    body = quote(prefix) + body + quote(suffix)
    if m["sign"] == "+" and body != "General":
        body = f"+{body};-{body};{body}"
    return body


def python_format(template: str) -> str | None:
    """'£{:,.0f}k' → '"£"#,##0"k"', '{:%-d %B %Y}' → 'd mmmm yyyy'; None when the template is
    not one number or date format."""
    m = _PYTHON.match(template)
    if m is None:
        return None
    if _DATE_SPEC.fullmatch(m["spec"]):
        return _DATE_PART.sub(lambda d: _DATE_PARTS[d.group()], m["spec"])
    return excel_format(m["spec"], m["prefix"], m["suffix"])


def money_format(currency: str | None) -> str:
    symbol = SYMBOLS.get(currency or "", "")
    return f'"{symbol}"#,##0' if symbol else "#,##0"


def _datasets(spec: Any) -> Iterator[list[dict[str, Any]]]:
    """Every data table a Vega-Lite spec draws: named datasets and inline values."""
    for rows in (spec.get("datasets") or {}).values() if isinstance(spec, dict) else ():
        yield rows

    def inline(node: Any) -> Iterator[list[dict[str, Any]]]:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and isinstance(data.get("values"), list):
                yield data["values"]
            for key, value in node.items():
                if key not in ("datasets", "data"):
                    yield from inline(value)
        elif isinstance(node, list):
            for value in node:
                yield from inline(value)

    yield from inline(spec)


def _encodings(spec: Any) -> dict[str, tuple[str | None, str | None]]:
    """field → (d3 number format, Vega-Lite type) from the spec's channel definitions."""
    found: dict[str, tuple[str | None, str | None]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("field"), str):
                axis = node.get("axis") if isinstance(node.get("axis"), dict) else {}
                fmt = node.get("format") or axis.get("format")
                old = found.get(node["field"], (None, None))
                found[node["field"]] = (old[0] or (fmt if isinstance(fmt, str) else None), old[1] or node.get("type"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def _value(value: Any, kind: str | None) -> Any:
    if kind == "date" and isinstance(value, str) and _ISO_DATE.match(value):
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _block(ws: Worksheet, top: int, columns: list[str], rows: list[list[Any]],
           formats: dict[str, str | None], kinds: dict[str, str]) -> int:
    """A header and rows from row `top`; returns the next free row."""
    header_row(ws, columns, row=top)
    for r, values in enumerate(rows, start=top + 1):
        for c, (column, value) in enumerate(zip(columns, values), start=1):
            put(ws, r, c, _value(value, kinds.get(column)), formats.get(column))
    return top + 1 + len(rows)


def _titled(wb: Workbook, taken: set[str], label: str, title: str, note: str | None) -> tuple[Worksheet, int]:
    ws = wb.create_sheet(sheet_title(f"{label} {title}", taken))
    put(ws, 1, 1, f"{label}. {title}")
    ws["A1"].font = TITLE_FONT
    if note:
        put(ws, 2, 1, note)
        ws["A2"].alignment = Alignment(wrap_text=False)
    return ws, 4 if note else 3


def _table_sheet(wb: Workbook, taken: set[str], number: int, payload: dict[str, Any], currency: str | None) -> str:
    ws, top = _titled(wb, taken, f"Table {number}", payload.get("caption", ""), None)
    columns, kinds = payload["columns"], payload.get("kinds", {})
    formats = {c: python_format(f) for c, f in payload.get("formats", {}).items()}
    for c in columns:
        if formats.get(c) is None and kinds.get(c) == "number" and MONEY_NAME.search(c.lower().replace(" ", "_")):
            formats[c] = money_format(currency)
    _block(ws, top, columns, payload["rows"], formats, kinds)
    fit_widths(ws)
    return ws.title


def _chart_sheet(wb: Workbook, taken: set[str], number: int, payload: dict[str, Any], currency: str | None) -> str:
    ws, top = _titled(wb, taken, f"Figure {number}", payload.get("title", ""), payload.get("description"))
    spec = payload.get("spec", {})
    encoded = _encodings(spec)
    tables = sorted((t for t in _datasets(spec) if t), key=len, reverse=True)
    for n, rows in enumerate(tables):
        columns = list(dict.fromkeys(k for row in rows for k in row))
        kinds, formats = {}, {}
        for c in columns:
            d3, vl_type = encoded.get(c, (None, None))
            values = [row.get(c) for row in rows if row.get(c) is not None]
            if vl_type == "temporal" or (values and all(isinstance(v, str) and _ISO_DATE.match(v) for v in values)):
                kinds[c] = "date"
            elif d3:
                formats[c] = excel_format(d3)
            elif values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values) \
                    and MONEY_NAME.search(c.lower()):
                formats[c] = money_format(currency)
        if n == 1:
            put(ws, top, 1, "Also drawn on the chart (labels, reference lines):")
            ws.cell(row=top, column=1).font = Font(italic=True)
            top += 1
        top = _block(ws, top, columns, [[row.get(c) for c in columns] for row in rows], formats, kinds) + 1
    ws.freeze_panes = ws.cell(row=5 if payload.get("description") else 4, column=1)
    fit_widths(ws)
    return ws.title


def _cover(ws: Worksheet, meta: dict[str, Any], title: str, fingerprint: str, contents: list[tuple[str, str]]) -> None:
    ws.title = "Cover"
    facts = [("Client", meta.get("client")), ("Deliverable", title),
             ("As of", _value(meta.get("as_of"), "date")), ("Playbook version", meta.get("playbook_version")),
             ("Input fingerprint", fingerprint)]
    put(ws, 1, 1, f"{meta.get('client', '')} · {title}: the numbers behind the deliverable")
    ws["A1"].font = TITLE_FONT
    for r, (label, value) in enumerate(facts, start=3):
        put(ws, r, 1, label)
        put(ws, r, 2, value)
        ws.cell(row=r, column=1).font = Font(bold=True)
    top = 4 + len(facts)
    put(ws, top, 1, "Sheet")
    put(ws, top, 2, "What it holds")
    for r, (sheet, what) in enumerate(contents, start=top + 1):
        put(ws, r, 1, sheet)
        put(ws, r, 2, what)
    fit_widths(ws, maximum=90)


def to_xlsx(nb: Any, title: str, fingerprint: str) -> bytes:
    """The workbook of one executed notebook's tables and charts, in the deliverable's order."""
    wb = Workbook()
    cover = wb.active
    taken = {"cover"}
    meta: dict[str, Any] = {}
    contents: list[tuple[str, str]] = []
    counts = {"table": 0, "chart": 0}
    for cell in nb.cells:
        if cell.cell_type != "code" or SKIP_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if META in data:
                meta = dict(data[META])
            elif TABLE in data:
                counts["table"] += 1
                name = _table_sheet(wb, taken, counts["table"], data[TABLE], meta.get("currency"))
                contents.append((name, data[TABLE].get("caption", "")))
            elif CHART in data:
                counts["chart"] += 1
                name = _chart_sheet(wb, taken, counts["chart"], data[CHART], meta.get("currency"))
                contents.append((name, "Data of the chart: " + data[CHART].get("title", "")))
    _cover(cover, meta, title, fingerprint, contents)
    wb.properties.creator = "PMO Playbook"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

