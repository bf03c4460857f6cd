"""One colour vocabulary across a client's deliverables: a label (green, red, funded, plan, target,
...) that colours a chart has the same colour in every chart of every deliverable, and the RAG
words take the theme's RAG colours."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterator

from playbook.report.theme import palette
from tests.specs import chart_specs


def colour_scales(node: Any) -> Iterator[tuple[list, list]]:
    """Every colour encoding with an explicit domain of words and a range of colours."""
    if isinstance(node, dict):
        for key in ("color", "fill", "stroke"):
            enc = node.get(key)
            if isinstance(enc, dict) and isinstance(enc.get("scale"), dict):
                scale = enc["scale"]
                if isinstance(scale.get("domain"), list) and isinstance(scale.get("range"), list):
                    yield scale["domain"], scale["range"]
        for value in node.values():
            yield from colour_scales(value)
    elif isinstance(node, list):
        for value in node:
            yield from colour_scales(value)


def test_the_walk_finds_a_scale():
    spec = {"layer": [{"encoding": {"color": {"field": "s", "scale": {"domain": ["plan", "actual"],
                                                                     "range": ["#111111", "#222222"]}}}}]}
    assert list(colour_scales(spec)) == [(["plan", "actual"], ["#111111", "#222222"])]


def test_a_word_has_one_colour_everywhere(rendered):
    seen: dict[str, set[str]] = defaultdict(set)
    where: dict[str, set[str]] = defaultdict(set)
    for (client, notebook), path in rendered.items():
        for spec in chart_specs(path.read_text(encoding="utf-8")):
            for domain, colours in colour_scales(spec):
                for word, colour in zip(domain, colours):
                    if isinstance(word, str) and isinstance(colour, str):
                        seen[word.lower()].add(colour.lower())
                        where[word.lower()].add(notebook)
    assert seen, "no chart colours by words"
    clashes = {w: (sorted(c), sorted(where[w])) for w, c in seen.items() if len(c) > 1}
    assert clashes == {}
    rag = {k: v.lower() for k, v in palette()["rag"].items()}
    for word in ("green", "amber", "red"):
        assert seen.get(word, {rag[word]}) == {rag[word]}, word
