"""Round two of the bad-input catalogue (issue 13): each class an attacker or a careless user
found, several cases each, every one asserting file, row or line, field, found and expected.

1 CSV shape (quoting, cell counts, limits, encodings) · 2 values (numbers, dates, booleans,
currencies, names) · 3 YAML shape (aliases, nesting, size) · 8 reads outside the client
folder · 9 size. Classes 4–7 (deliverable commit, portal, names end to end, dead workers) are
engine behaviour and are tested in tests/engine/test_hardening.py.
"""
from __future__ import annotations

import codecs

from tests.intake.catalogue import A_HEAD, B_ROW, ONE_ACTUAL, NO_BENEFITS, P1, P_HEAD, R_HEAD, Case, Fifo, Link, \
    benefits, line_with, yaml_with

R = "maturity_responses.csv"
B = "benefits.csv"
A = "benefit_actuals.csv"
P = "portfolio.csv"
Y = "client.yaml"
ONE = R_HEAD + "Ann,Exec,GOV1,3,,\n"
QUOTES = "quotes in pairs"


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """The billion laughs: each anchor a list of `width` aliases of the one before (4 KB of text)."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    return "client: Bomb\n" + "\n".join(lines) + "\n"


CSV_SHAPE = [
    Case("csv: a quote never closed swallows nothing", R,
         R_HEAD + 'Ann,Exec,GOV1,3,"Too slow,2026-10-12\nBob,Exec,GOV1,4,,2026-10-12\n',
         "(quoting)", "opened on line 2 that is never closed", QUOTES, row=1, line=2),
    Case("csv: a quote closing mid-cell", R,
         R_HEAD + 'Ann,Exec,GOV1,3,"Too slow,2026-10-12\nBob,Exec,GOV1,4,"fine",2026-10-12\n',
         "(quoting)", "closes in the middle of a cell on line 3", QUOTES, line=2),
    Case("csv: a stray quote in an actual's note", A, A_HEAD + 'B01,2026-01-01,0.6,"late\nB01,2026-02-01,0.7,\n'
         + "B01,2026-03-01,0.8,\n" * 20, "(quoting)", "never closed", QUOTES, line=2),
    Case("csv: a quote that closes later hides rows in a cell", R,
         R_HEAD + 'Ann,Exec,GOV1,3,"Too slow,\nBob,Exec,GOV1,4,,2026-10-12\nCy,Exec,GOV1,2,x",\n',
         "comment", "look like whole rows", "a closing quote where the cell ends", row=1, line=2),
    Case("csv: a row short of a required cell", R, R_HEAD + "Ann,Exec,GOV1\n",
         "(row)", "3 values, fewer than the header's 6", "6 values, one per column", row=1, line=2),
    Case("csv: a row without its trailing optional cells is read", R, R_HEAD + "Ann,Exec,GOV1,3\n"),
    Case("csv: a row with more cells, even empty ones", R, R_HEAD + "Ann,Exec,GOV1,3,,,\n",
         "(row)", "7 values, more than the header's 6", "an unquoted comma", row=1),
    Case("csv: unquoted 0,617 with a trailing note cell", A, A_HEAD + "B01,2026-01-01,0,617,\n",
         "(row)", "5 values", "4 values", row=1),
    Case("csv: unquoted 0,617 where the note would be", A, "benefit,date,value,note\nB01,2026-01-01,0,617\n",
         "value", "'0' then '617' in the next column, note", "one number", row=1),
    Case("csv: unquoted 2,500 score and comment", R, R_HEAD + "Ann,Exec,GOV1,2,500,\n",
         "score", "'2' then '500'", "write 2.500 for a decimal", row=1),
    Case("csv: a cell over 32,767 characters", R, R_HEAD + "Ann,Exec,GOV1,3," + "x" * 40_000 + ",\n",
         "comment", "a cell of 40,000 characters", "at most 32,767 characters", row=1),
    Case("csv: a cell over 128 KB (csv's own limit)", R, R_HEAD + 'Ann,Exec,GOV1,3,"' + "y" * 200_000 + '",\n',
         "comment", "a cell of 200,000 characters", "Excel's own limit", row=1, line=2),
    Case("csv: lines stay right after a multi-line cell", R,
         R_HEAD + 'Ann,Exec,GOV1,3,"one\ntwo\nthree",\nBob,Exec,GOV1,9,,\n', "score", "'9'", "1–5", row=2, line=5),
    Case("csv: UTF-16 with a BOM is read", R, ONE.encode("utf-16")),
    Case("csv: UTF-16 LE without a BOM is read", R, ONE.encode("utf-16-le")),
    Case("csv: UTF-16 BE with a BOM is read", R, codecs.BOM_UTF16_BE + ONE.encode("utf-16-be")),
    Case("csv: UTF-16 with an error is named", R, ONE.replace("3", "9").encode("utf-16"), "score", "'9'", "1–5", row=1),
    Case("csv: a broken UTF-16 file", R, codecs.BOM_UTF16_LE + b"a\x00b", "(encoding)", "broken UTF-16", "CSV UTF-8"),
    Case("csv: NUL bytes", R, (R_HEAD + "Ann\x00,Exec,GOV1,3,,\n").encode(), "(encoding)", "NUL bytes", "a text file",
         line=2),
    Case("csv: a spreadsheet's own format saved as .csv", P, b"PK\x03\x04" + bytes(64) + b"xl/workbook.xml",
         "(encoding)", "NUL bytes", "saved as CSV", line=1, also=NO_BENEFITS),
]

VALUES = [
    Case("number: 420.000 in a European export", A, "benefit;date;value;note\nB01;2026-03-01;420.000;\n",
         "value", "'420.000'", "ambiguous", row=1),
    Case("number: 1.234,5 in a European export", A, "benefit;date;value;note\nB01;2026-03-01;1.234,5;\n",
         "value", "'1.234,5'", "no thousands separators", row=1),
    Case("number: a quoted 0,617 in a comma file", A, A_HEAD + 'B01,2026-03-01,"0,617",\n',
         "value", "'0,617'", "ambiguous", row=1),
    Case("number: nan", A, A_HEAD + "B01,2026-03-01,nan,\n", "value", "'nan'", "a number", row=1),
    Case("number: inf", A, A_HEAD + "B01,2026-03-01,inf,\n", "value", "'inf'", "a number", row=1),
    Case("number: 1e308", B, benefits(B_ROW.replace(",1000\n", ",1e308\n")), "value_per_unit", "'1e308'",
         "at most 1e+12", row=1, also=ONE_ACTUAL),
    Case("number: -inf baseline", B, benefits(B_ROW.replace("0.62,0.54", "-inf,0.54")), "baseline", "'-inf'",
         "a number", row=1, also=ONE_ACTUAL),
    Case("number: a cost of 10^13", P, P_HEAD + P1.replace("420000", "1e13"), "cost", "'1e13'", "at most 1e+12",
         row=1, also=NO_BENEFITS),
    Case("number: a rating of NaN", P, P_HEAD + P1.replace(",5,5,3,", ",NaN,5,3,"), "strategic_fit", "'NaN'",
         "a number", row=1, also=NO_BENEFITS),
    Case("yaml: .nan baseline", Y, yaml_with("baseline: 12.0", "baseline: .nan"), "objectives[1].baseline", "nan",
         "finite", line=line_with("baseline: 12.0")),
    Case("yaml: .inf budget", Y, yaml_with("budget: 4500000", "budget: .inf"), "prioritisation.budget", "inf",
         "finite"),
    Case("yaml: 1e308 day rate", Y, yaml_with("day_rate: 1100", "day_rate: 1.0e+308"), "engagement.day_rate",
         "1e+308", "at most 1e+12", line=line_with("day_rate: 1100")),
    Case("date: wave in the future", R, R_HEAD + "Ann,Exec,GOV1,3,,2031-01-01\n", "wave", "'2031-01-01'",
         "on or before today", row=1),
    Case("date: wave 20260316", R, R_HEAD + "Ann,Exec,GOV1,3,,20260316\n", "wave", "'20260316'", "YYYY-MM-DD", row=1),
    Case("date: wave 2026-W12-1", R, R_HEAD + "Ann,Exec,GOV1,3,,2026-W12-1\n", "wave", "'2026-W12-1'", "YYYY-MM-DD",
         row=1),
    Case("date: start in year 1", B, benefits(B_ROW.replace("2025-09-01", "0001-01-01")), "start", "'0001-01-01'",
         "from 1990-01-01 to 2100-12-31", row=1, also=ONE_ACTUAL),
    Case("date: due in 9999", B, benefits(B_ROW.replace("2027-06-30", "9999-12-31")), "due", "'9999-12-31'",
         "from 1990-01-01 to 2100-12-31", row=1, also=ONE_ACTUAL),
    Case("date: 2026-02-30 in a CSV", A, A_HEAD + "B01,2026-02-30,0.6,\n", "date", "'2026-02-30'",
         "a real calendar date", row=1),
    Case("date: 2026-02-30 in YAML", Y, yaml_with("start: 2026-09-01", "start: 2026-02-30"), "engagement.start",
         "'2026-02-30'", "a real calendar date", line=line_with("start: 2026-09-01")),
    Case("date: as_of: 0", Y, yaml_with("as_of: 2026-11-01", "as_of: 0"), "as_of", "0", "YYYY-MM-DD",
         line=line_with("as_of: 2026-11-01")),
    Case("date: a timestamp for a date", Y, yaml_with("as_of: 2026-11-01", "as_of: 2026-11-01 09:30:00"), "as_of",
         "2026-11-01 09:30:00", "without a time", line=line_with("as_of: 2026-11-01")),
    Case("date: objective due in 9999", Y, yaml_with("due: 2027-12-31, owner: CFO", "due: 9999-12-31, owner: CFO"),
         "objectives[1].due", "9999-12-31", "to 2100-12-31", line=line_with("due: 2027-12-31, owner: CFO")),
    Case("boolean: weeks: true", Y, yaml_with("weeks: 26", "weeks: true"), "engagement.weeks", "True",
         "a whole number (true or false is not a number)", line=line_with("weeks: 26")),
    Case("boolean: weeks: 26.5", Y, yaml_with("weeks: 26", "weeks: 26.5"), "engagement.weeks", "26.5",
         "a whole number", line=line_with("weeks: 26")),
    Case("boolean: consultant_attends: 1", Y, yaml_with("consultant_attends: true}", "consultant_attends: 1}"),
         "cadence[1].consultant_attends", "1", "true or false", line=line_with("consultant_attends: true}")),
    Case("boolean: mandatory 2", P, P_HEAD + P1.replace(",false\n", ",2\n"), "mandatory", "'2'", "true or false",
         row=1, also=NO_BENEFITS),
    Case("boolean: mandatory TRUE as Excel writes it", P, P_HEAD + P1.replace(",false\n", ",TRUE\n"),
         also=NO_BENEFITS),
    Case("currency: QQQ", Y, yaml_with("currency: GBP", "currency: QQQ"), "currency", "'QQQ'", "ISO 4217",
         line=line_with("currency: GBP")),
    Case("currency: XYZ", Y, yaml_with("currency: GBP", "currency: XYZ"), "currency", "'XYZ'", "ISO 4217",
         line=line_with("currency: GBP")),
    Case("currency: lower case gbp is GBP", Y, yaml_with("currency: GBP", "currency: gbp")),
    Case("name: a zero-width space in a respondent", R, R_HEAD + "Ann\u200b,Exec,GOV1,3,,\nAnn,Exec,GOV1,4,,\n",
         "respondent", "Ann", "found U+200B ZERO WIDTH SPACE", row=1),
    Case("name: a bell character in a role", R, R_HEAD + "Ann,Ex\x07ec,GOV1,3,,\n", "role", "Ex", "U+0007", row=1),
    Case("name: decomposed and composed accents are one person", R,
         R_HEAD + "Jose\u0301,Exec,GOV1,3,,\nJos\u00e9,Exec,GOV1,4,,\n", "question", "GOV1 answered again by José",
         "first at row 1", row=2),
    Case("name: a right-to-left override in a benefit id", B, benefits(B_ROW.replace("B01,", "B\u202e01,", 1)), "id",
         "B", "U+202E", row=1, also=(("benefit_actuals.csv", A_HEAD),)),
    Case("name: a zero-width space in a stakeholder", Y, yaml_with("{name: Ben Carter,", "{name: Ben\u200b Carter,"),
         "stakeholders[8].name", "Ben", "U+200B", line=line_with("{name: Ben Carter,")),
]

YAML_SHAPE = [
    Case("yaml: an alias bomb", Y, alias_bomb(), "(syntax)", "more than 100,000 values", "alias bomb"),
    Case("yaml: a smaller bomb past the value limit", Y, alias_bomb(levels=6, width=10), "(syntax)",
         "once aliases are expanded", "at most 100,000 values"),
    Case("yaml: more than 100 aliases", Y, "client: X\nbase: &b 1\nmany: [" + ", ".join(["*b"] * 101) + "]\n",
         "(syntax)", "more than 100 aliases", "at most 100 aliases", line=3),
    Case("yaml: deep flow nesting", Y, "client: X\ndeep: " + "[" * 5000 + "]" * 5000 + "\n", "(syntax)",
         "nested more than 20 levels", "at most 20 levels"),
    Case("yaml: deep block nesting", Y, "client: X\n" + "".join("  " * i + f"k{i}:\n" for i in range(30)) + "  " * 30
         + "v: 1\n", "(syntax)", "nesting 21 levels deep", "at most 20 levels", line=22),
    Case("yaml: a client.yaml over 1 MB", Y, "client: X\n" + "# padding\n" * 120_000, "(file)", "1.2 MB",
         "at most 1 MB"),
]

CONFINED = [
    Case("outside: benefits.csv linked to /etc/passwd", B, Link("/etc/passwd"), "(file)",
         "a link to a file outside the client folder", "inside the client folder", also=ONE_ACTUAL),
    Case("outside: benefits.csv linked to another client's", B, Link("../helix-health/benefits.csv"), "(file)",
         "outside the client folder", "links out are never followed", also=ONE_ACTUAL),
    Case("outside: client.yaml linked to another client's", Y, Link("../helix-health/client.yaml"), "(file)",
         "outside the client folder", "inside the client folder"),
    Case("outside: a maturity model given as a path", Y, yaml_with("model: pmo", "model: ../../../../tmp/x/evil"),
         "maturity.model", "'../../../../tmp/x/evil'", "never a path", line=line_with("model: pmo")),
    Case("outside: a maturity model given as an absolute path", Y, yaml_with("model: pmo", "model: /etc/passwd"),
         "maturity.model", "'/etc/passwd'", "never a path", line=line_with("model: pmo")),
    Case("outside: a named pipe for a data file never hangs", A, Fifo(), "(file)", None, "a file at"),
    Case("outside: a link inside the folder is read", A, Link("actuals-2026.csv"),
         also=(("actuals-2026.csv", A_HEAD + "B01,2026-03-01,0.6,\n"),)),
    Case("outside: a killed save's hidden temp file is ignored", R, ONE,
         also=((".maturity_responses.csv.x1y2.tmp", "half-written,\x00\x00"),)),
]

SIZE = [
    Case("size: a responses file over 5 MB", R, R_HEAD + "Ann,Exec,GOV1,3,,\n" * 300_000, "(file)", "5.4 MB",
         "at most 5 MB"),
    Case("size: a portfolio over 5 MB", P, P_HEAD + P1 * 120_000, "(file)", "MB", "at most 5 MB", also=NO_BENEFITS),
]

HARDENING = CSV_SHAPE + VALUES + YAML_SHAPE + CONFINED + SIZE
