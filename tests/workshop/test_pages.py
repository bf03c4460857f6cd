"""The workshop pages in headless Chromium (Debian's, never a downloaded one): a participant
answers on a phone-sized screen, and the presenter page shows a new submission within 2 s
without a reload. Only the local server is ever contacted: no CDN, nothing external."""
from __future__ import annotations

import time
from urllib.parse import urlsplit

import httpx
import pytest

from playbook.maturity import responses
from playbook.prioritisation import votes
from tests.workshop.workshop_helpers import FLAGS, WAVE

pytestmark = pytest.mark.browser


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
        yield chromium
        chromium.close()


def open_page(browser, url: str, phone: bool = True):
    """A page that records console errors (a CSP violation is one) and every host it asks."""
    page = browser.new_page(viewport={"width": 390, "height": 844} if phone else {"width": 1280, "height": 800})
    page.errors, page.hosts = [], set()
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.hosts.add(urlsplit(r.url).netloc))
    page.goto(url)
    return page


def test_presenter_shows_a_new_submission_within_two_seconds_without_a_reload(serve, browser):
    session, links = serve("votes")
    ids = list(votes.proposals(session.folder))
    screen = open_page(browser, links.presenter, phone=False)
    from playwright.sync_api import expect

    expect(screen.locator("#answered")).to_have_text("0", timeout=5000)
    screen.locator("#answered").evaluate("el => { el.dataset.sameDocument = 'yes'; }")
    timings = []
    for i in range(3):
        started = time.perf_counter()
        reply = httpx.post(links.participant, data={"voter": f"Voter {i}", "role": "Executive", f"d_{ids[i]}": "5"})
        assert reply.status_code == 200
        expect(screen.locator("#answered")).to_have_text(str(i + 1), timeout=2000)
        timings.append(time.perf_counter() - started)
    print("presenter showed each submission after " + ", ".join(f"{t:.2f}" for t in timings) + " s")
    assert max(timings) < 2.0
    assert screen.locator("#answered[data-same-document=yes]").count() == 1  # updated in place, no reload
    assert screen.locator("#bars .bar").count() == 3 and "Voter 2" in screen.inner_text("#names")
    assert screen.locator("svg.segno").count() == 1  # the QR code for the room, inline
    assert screen.errors == [] and screen.hosts == {urlsplit(links.presenter).netloc}


def test_a_participant_answers_the_maturity_form_on_a_phone(serve, browser):
    session, links = serve("maturity")
    phone = open_page(browser, links.participant)
    phone.fill("input[name=respondent]", "Phoebe Phone")
    phone.select_option("select[name=role]", "Delivery team")
    radios = phone.locator("input[type=radio][value='4']")
    total = radios.count()
    for i in range(total - 1):  # leave the last question unanswered: the page asks first
        phone.locator(f"input[type=radio][value='4'] >> nth={i}").locator("xpath=..").click()
    assert phone.inner_text(".sticky") == f"Answered {total - 1} of {total}"
    phone.locator("details >> nth=0").locator("summary").click()
    phone.fill("textarea >> nth=0", "Priorities change weekly.")
    phone.click("button[type=submit]")
    assert phone.locator(".msg.ask").inner_text().startswith(f"{total - 1} of {total} questions answered")
    phone.click("text=Save as it is")  # confirm, without scrolling back past 40 questions
    assert "saved" in phone.inner_text(".msg.good")
    rows = [r for r in responses.load_valid(session.folder, session.form.model, WAVE).itertuples()
            if r.respondent == "Phoebe Phone"]
    assert len(rows) == total - 1 and {r.score for r in rows} == {4.0}
    assert [r.comment for r in rows if isinstance(r.comment, str)] == ["Priorities change weekly."]
    assert phone.errors == [] and phone.hosts == {urlsplit(links.participant).netloc}


def test_dot_voting_counts_the_dots_left_and_refuses_too_many(serve, browser):
    session, links = serve("votes")
    ids = list(votes.proposals(session.folder))
    before = (session.folder / votes.FILE).read_bytes()
    phone = open_page(browser, links.participant)
    phone.fill("input[name=voter]", "Vic Voter")
    phone.select_option("select[name=role]", "Executive")
    for _ in range(12):  # the + button stops at the dots available
        phone.click(f"button[data-for=d_{ids[0]}][data-step='1']")
    assert phone.input_value(f"#d_{ids[0]}") == "10" and phone.inner_text("#left") == "0"
    phone.click(f"button[data-for=d_{ids[0]}][data-step='-1']")
    phone.fill(f"#d_{ids[1]}", "4")  # typed past the limit: the server says so
    phone.click("button[type=submit]")
    assert "You placed 13 dots; you have 10" in phone.inner_text(".msg.bad")
    assert (session.folder / votes.FILE).read_bytes() == before  # nothing written
    phone.fill(f"#d_{ids[1]}", "1")
    phone.click("button[type=submit]")
    assert "Your 10 dots were saved" in phone.inner_text(".msg.good")
    frame = votes.load_valid(session.folder, session.client)
    frame = frame[frame["date"] == WAVE]
    assert dict(zip(frame["initiative"], frame["dots"])) == {ids[0]: 9, ids[1]: 1}
    assert phone.errors == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
