"""Executive text is plain words: above a deliverable's appendix, no statistic's or solver's
name, no field name of the data contract, no question code and no file name. The appendix
explains the methods for a reader who is not a statistician, so it may name them."""
from __future__ import annotations

import html
import re

import pytest

from playbook.intake.client import load_client
from playbook.intake.contract_columns import SPECS
from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.maturity import model as maturity_model
from playbook.report import deliverables
from playbook.report.notebook import APPENDIX_MARK
from tests.conftest import DEMO_CLIENTS

JARGON = ("r_wg", "rwg", "IQR", "interquartile", "Dirichlet", "milp", "HiGHS", "Kendall", "λ", "lambda_max",
          "consistency ratio (CR)", "Monte Carlo", "client.yaml", ".csv", "results.json")
FIELDS = sorted({c.name for spec in SPECS for c in spec.columns if "_" in c.name}
                | {k.name for client in DEMO_CLIENTS
                   for k in load_client(DEFAULT_DATA_DIR / client).prioritisation.criteria if "_" in k.name})
CODES = sorted({q.id for name in maturity_model.available()
                for d in maturity_model.get(name).dimensions for q in d.questions})


def executive_text(page: str) -> str:
    """The words a reader sees above the appendix: scripts, styles, chart specs and tags removed."""
    body = page.split("<body", 1)[-1].split(APPENDIX_MARK, 1)[0]
    body = re.sub(r"<(script|style|template)\b.*?</\1>", " ", body, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def offences(words: str) -> list[str]:
    found = [j for j in JARGON if j.lower() in words.lower()]
    found += [f for f in FIELDS if re.search(rf"\b{re.escape(f)}\b", words)]
    found += [c for c in CODES if re.search(rf"\b{re.escape(c)}\b", words)]
    return found


def test_the_check_finds_each_kind_of_offence():
    page = ('<html><body><p>Agreement r_wg 0.4; strategic_fit is high; see SA1 in client.yaml.</p>'
            f'{APPENDIX_MARK}><p>Kendall tau</p></body></html>')
    assert set(offences(executive_text(page))) == {"r_wg", "client.yaml", "strategic_fit", "SA1"}
    assert offences(executive_text("<body><p>Strategic fit is high for 3 dimensions.</p></body>")) == []


@pytest.mark.parametrize("client", DEMO_CLIENTS)
@pytest.mark.parametrize("notebook", deliverables.available())
def test_executive_text_has_no_jargon(rendered, client, notebook):
    page = rendered[(client, notebook)].read_text(encoding="utf-8")
    assert offences(executive_text(page)) == [], f"{client}/{notebook}"
