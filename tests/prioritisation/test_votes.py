"""votes.csv: loading and its checks, totals, and the room's votes beside the optimiser's
choice, against a hand-worked example."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from playbook.intake.client import load_client
from playbook.prioritisation import votes

HEADER = "voter,role,initiative,dots,date\n"
DAY = dt.date(2026, 11, 20)


def write(folder, body: str) -> None:
    (folder / votes.FILE).write_text(HEADER + body, encoding="utf-8")


def test_rows_over_the_dots_unknown_ids_and_repeats_are_named(data_dir):
    folder = data_dir / "acme-logistics"
    client = load_client(folder)
    assert votes.dots_allowed(client) == 10  # the default
    write(folder, "Ann,Exec,I01,6,2026-11-20\nAnn,Exec,I02,4,2026-11-20\nAnn,Exec,I03,1,2026-11-20\n"
                  "Bo,Ops,I99,2,2026-11-20\nBo,Ops,I01,2,2026-11-20\nBo,Ops,I01,1,2026-11-20\n"
                  "Cy,Ops,I01,0,2026-11-20\nDi,Ops,I01,3,20/11/2026\n")
    frame, issues = votes.load(folder, client)
    found = [(i.row, i.field) for i in issues]
    assert found == [(7, "dots"), (8, "date"), (3, "dots"), (4, "initiative"), (6, "initiative")]
    assert "at most 10 dots per voter per session" in issues[2].expected
    assert "11 dots from Ann" in str(issues[2])
    assert len(frame) == 3  # Ann's first two rows and Bo's first I01


def test_totals_and_the_room_beside_the_recommendation_hand_worked():
    rows = [("Ann", "I1", 6), ("Ann", "I2", 4), ("Bo", "I2", 5), ("Bo", "I3", 5), ("Cy", "I3", 10)]
    frame = pd.DataFrame([{"voter": v, "role": "Exec", "initiative": i, "dots": d, "date": DAY} for v, i, d in rows])
    t = votes.totals(frame)
    assert t["dots"].to_dict() == {"I3": 15, "I2": 9, "I1": 6} and t["voters"].to_dict() == {"I3": 2, "I2": 2, "I1": 1}
    assert t["share"].round(3).to_dict() == {"I3": 0.5, "I2": 0.3, "I1": 0.2}
    ranking = pd.DataFrame({"name": ["One", "Two", "Three", "Four"], "score": [0.9, 0.8, 0.5, 0.7],
                            "funded": [True, True, False, True], "reason": [None, None, "over budget", None]},
                           index=["I1", "I2", "I3", "I4"])
    room = votes.room_view(frame, ranking)
    assert (room.voters, room.dots) == (3, 30)
    assert room.backed_not_funded == ["I3"] and room.funded_not_backed == ["I4"]
    said = room.findings()
    assert said[0] == ("In the 20 November 2026 dot vote, 3 participants spread 30 dots; the recommendation funds "
                       "2 of the room's top 3 (I3 Three, I2 Two, I1 One).")
    assert "I3 Three (50% of the dots; not funded: over budget)" in said[1]
    assert "funds I4 Four, on which the room placed no dots" in said[2]
    table = votes.room_table(room)
    assert list(table["Id"]) == ["I3", "I2", "I1", "I4"] and list(table["Room's rank"]) == [1, 2, 3, 4]
    spec = votes.room_chart(room).to_dict()
    assert spec["layer"][0]["mark"]["type"] == "bar"


def test_no_vote_yet_is_no_view():
    assert votes.room_view(pd.DataFrame(columns=votes.COLUMNS), pd.DataFrame()) is None
