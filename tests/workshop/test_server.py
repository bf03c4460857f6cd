"""The workshop server over HTTP: 10 participants at once, bad input, tokens, body limit,
anonymity. Servers run on a free port of 127.0.0.1 and stop at the end of each test."""
from __future__ import annotations

import asyncio
import csv
import io
import random
import socket
import time
from urllib.parse import urlsplit

import httpx

from playbook import cli
from playbook.maturity import model as maturity_model
from playbook.maturity import responses
from playbook.prioritisation import votes
from tests.workshop.workshop_helpers import CLIENT, WAVE, snapshot

MODEL = maturity_model.get("pmo")
QUESTIONS = [q.id for d in MODEL.dimensions for q in d.questions]


def rows_of(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def answers(seed: int) -> dict[str, str]:
    """A full answer set; some "don't know", some comments with commas, quotes and accents."""
    rng = random.Random(seed)
    fields = {f"q_{q}": rng.choice("12345?") for q in QUESTIONS}
    fields[f"q_{QUESTIONS[0]}"] = "3"  # at least one real score
    fields[f"c_{QUESTIONS[seed % len(QUESTIONS)]}"] = f'Person {seed}: "slow", costly, über-manual'
    return fields


async def _submit_all(url: str, forms: list[dict[str, str]]) -> list[httpx.Response]:
    async def one(fields):
        async with httpx.AsyncClient(timeout=30) as client:
            page = await client.get(url)
            assert page.status_code == 200
            return await client.post(url, data=fields)
    return await asyncio.gather(*(one(f) for f in forms))


def test_ten_concurrent_participants_leave_exactly_their_rows_in_a_valid_file(serve, data_dir):
    session, links = serve("maturity")
    path = session.folder / responses.FILE
    before = path.read_bytes()
    forms = [{"respondent": f"Participant {i}", "role": ["Executive", "Delivery team"][i % 2], **answers(i)}
             for i in range(10)]
    started = time.perf_counter()
    replies = asyncio.run(_submit_all(links.participant, forms))
    elapsed = time.perf_counter() - started
    print(f"10 concurrent maturity submissions in {elapsed:.2f} s")
    assert [r.status_code for r in replies] == [200] * 10, [r.text[:300] for r in replies if r.status_code != 200]
    after = path.read_bytes()
    assert after.startswith(before)  # the old rows untouched, byte for byte
    added = rows_of(path)[len(rows_of(path)) - 400:]
    expected = sorted((f["respondent"], f["role"], q, "" if f[f"q_{q}"] == "?" else f[f"q_{q}"],
                       f.get(f"c_{q}", ""), WAVE.isoformat()) for f in forms for q in QUESTIONS)
    assert sorted(tuple(r.values()) for r in added) == expected
    assert len(rows_of(path)) == len(rows_of_bytes(before)) + 400  # nothing else was added
    assert cli.main(["validate", CLIENT, "--data-dir", str(data_dir)]) == 0


def rows_of_bytes(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_ten_concurrent_voters_are_all_counted(serve, data_dir):
    session, links = serve("votes")
    ids = list(votes.proposals(session.folder))
    forms = [{"voter": f"Voter {i}", "role": "Executive", f"d_{ids[i % len(ids)]}": "6",
              f"d_{ids[(i + 1) % len(ids)]}": "4"} for i in range(10)]
    replies = asyncio.run(_submit_all(links.participant, forms))
    assert [r.status_code for r in replies] == [200] * 10
    frame = votes.load_valid(session.folder, session.client)
    frame = frame[frame["date"] == WAVE]  # this session's votes, beside the demo's earlier ones
    assert len(frame) == 20 and frame["voter"].nunique() == 10 and frame["dots"].sum() == 100
    expected: dict[str, int] = {}
    for f in forms:
        for key, value in f.items():
            if key.startswith("d_"):
                expected[key[2:]] = expected.get(key[2:], 0) + int(value)
    assert votes.totals(frame)["dots"].to_dict() == expected
    live = httpx.get(links.presenter + "live.json").json()
    assert live["answered"] == 10 and sum(b["value"] for b in live["bars"]) == 100
    assert cli.main(["validate", CLIENT, "--data-dir", str(data_dir)]) == 0


def test_bad_input_gets_the_form_back_with_the_problems_and_nothing_is_written(serve):
    session, links = serve("maturity")
    before = snapshot(session.folder)
    reply = httpx.post(links.participant, data={"respondent": "", "role": "Chief Wizard",
                                                 f"q_{QUESTIONS[0]}": "7"})
    assert reply.status_code == 400
    text = reply.text
    assert "Not saved yet" in text and "Your name: please fill this in" in text
    assert "is not one of the choices" in text and "is not a score from 1 to 5" in text
    assert 'name="q_SA1"' in text  # the form again, ready to correct
    taken = httpx.post(links.participant, data={"respondent": "Dana Lee", "role": "Executive", "q_SA1": "3",
                                                 "partial_ok": "yes"})
    assert taken.status_code == 200  # Dana Lee answered an earlier wave, not this one
    again = httpx.post(links.participant, data={"respondent": "dana lee", "role": "Executive", "q_SA1": "2",
                                                 "partial_ok": "yes"})
    assert again.status_code == 400 and "has already answered" in again.text
    assert len(snapshot(session.folder)[responses.FILE].splitlines()) == len(before[responses.FILE].splitlines()) + 1


def test_a_partial_set_is_saved_only_after_the_participant_confirms(serve):
    session, links = serve("maturity")
    before = (session.folder / responses.FILE).read_bytes()
    fields = {"respondent": "Pat Partial", "role": "Executive", "q_SA1": "4", "q_GOV1": "2"}
    ask = httpx.post(links.participant, data=fields)
    assert ask.status_code == 200 and "2 of 40 questions answered" in ask.text
    assert 'name="partial_ok" value="yes"' in ask.text and 'value="4" checked' in ask.text
    assert (session.folder / responses.FILE).read_bytes() == before
    done = httpx.post(links.participant, data={**fields, "partial_ok": "yes"})
    assert done.status_code == 200 and "saved (2 of 40 questions)" in done.text
    assert len(rows_of(session.folder / responses.FILE)) == len(rows_of_bytes(before)) + 2


def test_without_the_token_every_request_is_403_and_nothing_is_written(serve):
    session, links = serve("maturity")
    before = snapshot(session.folder)
    parts = urlsplit(links.participant)
    base = f"{parts.scheme}://{parts.netloc}"
    fields = {"respondent": "Mallory", "role": "Executive", "q_SA1": "1", "partial_ok": "yes"}
    for url in (base + "/", base + "/favicon.ico", base + "/not-the-token/", links.participant[:-2] + "/"):
        assert httpx.get(url).status_code == 403
        assert httpx.post(url, data=fields).status_code == 403
    assert httpx.get(links.participant + "live.json").status_code == 404  # the room's token is not the presenter's
    assert snapshot(session.folder) == before


def test_a_body_over_the_limit_is_413_before_it_is_read_and_nothing_is_written(serve):
    session, links = serve("maturity")
    before = snapshot(session.folder)
    big = {"respondent": "Big", "role": "Executive", "q_SA1": "3", "c_SA1": "x" * (session.max_body + 1)}
    assert httpx.post(links.participant, data=big).status_code == 413
    # A client that announces 50 MB and sends none of it is answered at once: the server does
    # not wait for (or read) a body it will refuse.
    parts = urlsplit(links.participant)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall((f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 50000000\r\n\r\n").encode())
        started = time.perf_counter()
        head = sock.recv(200).decode("latin-1")
        assert head.startswith("HTTP/1.1 413") and time.perf_counter() - started < 2
    # A chunked body has no length to announce: it is cut off once it passes the limit.
    def chunks():
        for _ in range(100):
            yield b"c_SA1=" + b"y" * 4096
    assert httpx.post(links.participant, content=chunks(),
                      headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 413
    assert snapshot(session.folder) == before


NAME = "Zebedee Quackenbush-Ortiz"


def test_anonymous_mode_stores_a_code_and_a_role_never_a_name(serve, data_dir, tmp_path):
    session, links = serve("maturity", anonymous=True)
    page = httpx.get(links.participant)
    assert 'name="respondent"' not in page.text and 'name="role_other"' not in page.text
    fields = {"respondent": NAME, "voter": NAME, "role": "Executive", "role_other": NAME, **answers(3)}
    reply = httpx.post(links.participant, data=fields)
    assert reply.status_code == 200 and NAME not in reply.text
    typed_role = httpx.post(links.participant, data={**fields, "role": NAME})
    assert typed_role.status_code == 400  # a role outside the list could be a name: refused
    found = [p for p in tmp_path.rglob("*") if p.is_file() and NAME.encode() in p.read_bytes()]
    assert found == []
    mine = [r for r in rows_of(session.folder / responses.FILE) if r["wave"] == WAVE.isoformat()]
    assert len(mine) == 40 and {r["role"] for r in mine} == {"Executive"}
    assert len({r["respondent"] for r in mine}) == 1 and mine[0]["respondent"].startswith("anon-")
    assert cli.main(["validate", CLIENT, "--data-dir", str(data_dir)]) == 0


def test_anonymous_presenter_hides_the_aggregate_until_three_have_answered(serve):
    session, links = serve("maturity", anonymous=True)
    for i in range(3):
        with httpx.Client() as device:  # each participant on their own phone
            assert device.post(links.participant, data={"role": "Executive", **answers(i)}).status_code == 200
            again = device.post(links.participant, data={"role": "Executive", **answers(i)})
            assert "already answered" in again.text  # one answer set per device
        live = httpx.get(links.presenter + "live.json").json()
        assert live["answered"] == i + 1 and "names" not in live
        assert (live["bars"] == []) == (i < 2) and (live["hidden"] is None) == (i == 2)
    assert len(live["bars"]) == len(MODEL.dimensions)
    assert all(0 <= b["value"] <= 5 and "agreement" in b["note"] for b in live["bars"] if b["value"] is not None)


def test_actuals_and_status_forms_check_then_append_in_the_contracts_format(serve, data_dir):
    session, links = serve("actuals")
    reply = httpx.post(links.participant, data={"benefit": "B01", "date": "2025-09-02", "value": "0.6"})
    assert reply.status_code == 400 and "already recorded on that date" in reply.text
    reply = httpx.post(links.participant, data={"benefit": "B02", "date": "2025-10-20", "value": "0.48", "note": "x"})
    assert reply.status_code == 200 and "before B02 starts" in reply.text
    assert (session.folder / "benefit_actuals.csv").read_text().endswith("B02,2025-10-20,0.48,x\n")
    assert httpx.get(links.presenter + "live.json").json()["rows"][0][1:3] == ["2025-10-20", "0.48"]
    session, links = serve("status")
    before = (session.folder / "status_reports.csv").read_bytes()
    bad = httpx.post(links.participant, data={"initiative": "I01", "date": "2026-11-20", "percent_complete": "140",
                                               "actual_cost": "12k", "rag": "purple"})
    assert bad.status_code == 400
    assert all(words in bad.text for words in ("Percent complete: expected a number from 0 to 100",
                                               "Actual cost to date: &#39;12k&#39; is not a number",
                                               "RAG: &#39;purple&#39; is not one of the choices"))
    late = httpx.post(links.participant, data={"initiative": "I01", "date": "2026-11-20", "percent_complete": "45",
                                                "actual_cost": "190000"})
    assert late.status_code == 400 and "on or before the as-of date 2026-11-01" in late.text  # the delivery rule
    fields = {"initiative": "I01", "date": "2026-10-30", "percent_complete": "45", "actual_cost": "190,000",
              "forecast_finish": "2027-03-31", "rag": "amber", "commentary": "Depot B late; recovery plan agreed"}
    assert httpx.post(links.participant, data=fields).status_code == 200
    again = httpx.post(links.participant, data=fields)
    assert again.status_code == 400 and "one report per initiative and date" in again.text
    after = (session.folder / "status_reports.csv").read_bytes()
    assert before.startswith(b"initiative,date,percent_complete,actual_cost,forecast_finish,rag,commentary")
    assert after == before + b"I01,2026-10-30,45,190000,2027-03-31,amber,Depot B late; recovery plan agreed\n"
    assert cli.main(["validate", CLIENT, "--data-dir", str(data_dir)]) == 0
