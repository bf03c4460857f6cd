"""YAML in and out. Safe loading only (a python/object tag never executes), duplicate keys
and tabs are refused with a line number, and the round-trip loader keeps comments so that
writing weights back into client.yaml leaves the consultant's notes where they were."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from playbook.intake.atomic import atomic_write, locked
from playbook.errors import DataError, Issue, Text


def _rt() -> YAML:
    y = YAML(typ="rt")  # round-trip: comments kept; only standard tags are constructed
    y.allow_duplicate_keys = False
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)  # the "  - item" list style our files use
    y.width = 4096  # never re-wrap a consultant's long flow mappings (ruamel can wrap them invalidly)
    return y


def load_rt(path: Path) -> Any:
    """Load with comments and line marks kept; raise DataError naming the line on bad YAML."""
    name = path.name
    if not path.is_file():
        raise DataError([Issue(name, "(file)", None, f"a file at {path}")])
    text = path.read_bytes()
    try:
        decoded = text.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError([Issue(name, "(encoding)", Text(f"byte 0x{text[exc.start]:02x} at offset {exc.start}"),
                               "UTF-8 text (save the file as UTF-8)")]) from None
    try:
        data = _rt().load(decoded)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        if "\\t" in problem or "\t" in problem:
            expected = "spaces for indentation (YAML does not allow tabs)"
        elif "duplicate" in problem:
            expected = "each key once per mapping"
        elif "constructor" in problem:
            expected = "plain data (tags such as !!python/object are not allowed)"
        else:
            expected = "valid YAML"
        raise DataError([Issue(name, "(syntax)", problem.strip(), expected, line=line)]) from None
    except YAMLError as exc:
        raise DataError([Issue(name, "(syntax)", str(exc).splitlines()[0], "valid YAML")]) from None
    if data is None:
        raise DataError([Issue(name, "(file)", Text("an empty file"), "a YAML mapping of settings")])
    if not isinstance(data, dict):
        raise DataError([Issue(name, "(file)", Text(type(data).__name__), "a YAML mapping of settings")])
    tagged = _foreign_tag(data)
    if tagged:
        tag, line = tagged
        raise DataError([Issue(name, "(syntax)", Text(f"the tag {tag}"),
                               "plain data (tags such as !!python/object are never executed or allowed)",
                               line=line)])
    return data


def _foreign_tag(node: Any, line: int | None = None) -> tuple[str, int | None] | None:
    """Round-trip loading keeps unknown tags as data rather than executing them; find one."""
    tag = getattr(getattr(node, "tag", None), "value", None)
    if tag and not tag.startswith("tag:yaml.org,2002:") or (tag and "python" in tag):
        return tag, line
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            found = _foreign_tag(value, node.lc.key(key)[0] + 1)
            if found:
                return found
    elif isinstance(node, CommentedSeq):
        for i, value in enumerate(node):
            found = _foreign_tag(value, node.lc.item(i)[0] + 1)
            if found:
                return found
    return None


def plain(node: Any) -> Any:
    """Strip ruamel's comment-carrying types so validators see ordinary dicts and lists."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if hasattr(node, "__float__") and type(node).__module__.startswith("ruamel"):
        return float(node) if not isinstance(node, int) else int(node)
    if isinstance(node, str):
        return str(node)
    return node


def line_of(root: Any, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the deepest part of `loc` that exists in the round-trip tree."""
    node, line = root, None
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            pos = node.lc.key(key)
            line = pos[0] + 1
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            pos = node.lc.item(key)
            line = pos[0] + 1
            node = node[key]
        else:
            break
    return line


def update_file(path: Path, changes: dict[tuple[str | int, ...], Any]) -> None:
    """Set nested keys in a YAML file atomically, keeping every comment and the rest intact.
    Integers in a key path are list positions, e.g. ("prioritisation", "criteria", 0, "weight")."""
    with locked(path):
        loader = _rt()  # round-trip loading constructs plain data only, never Python objects
        data = loader.load(path.read_text(encoding="utf-8-sig"))
        for keys, value in changes.items():
            node = data
            for key in keys[:-1]:
                if isinstance(node, list):  # a position in a list: it must already exist
                    node = node[key]
                    continue
                if key not in node or node[key] is None:
                    node[key] = CommentedMap()
                node = node[key]
            node[keys[-1]] = value
        buf = io.StringIO()
        loader.dump(data, buf)
        atomic_write(path, buf.getvalue())
