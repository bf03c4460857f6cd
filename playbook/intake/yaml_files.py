"""YAML in and out. Safe loading only (a python/object tag never executes), duplicate keys
and tabs are refused with a line number, and the round-trip loader keeps comments so that
writing weights back into client.yaml leaves the consultant's notes where they were.

Before anything is built, the file's node graph is counted (aliases are shared nodes there, not
copies): at most 1 MB, nesting at most 20 deep, at most 100 aliases and 100,000 values once
aliases are expanded. A 4 KB alias bomb (each alias naming a list of aliases) is refused in
milliseconds, not expanded for minutes; the file is parsed once, for the check and the data.
An impossible date such as 2026-02-30 is kept as text, for the date rule to refuse by line."""
from __future__ import annotations

import io
import re
from itertools import accumulate
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from playbook.intake.atomic import atomic_write, locked
from playbook.intake.paths import read_confined
from playbook.errors import DataError, Issue, Text

MAX_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_ALIASES = 100
MAX_VALUES = 100_000


class _Constructor(RoundTripConstructor):
    """Round-trip construction, except that a timestamp that is no real date stays text."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return str(node.value)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


class _Shape(Exception):
    """A shape limit broken, found before construction; load_rt names the file."""

    def __init__(self, found: str, expected: str, line: int | None = None):
        super().__init__(found)
        self.found, self.expected, self.line = found, expected, line


class _CheckedConstructor(_Constructor):
    """Builds the document only once its node graph passes `_check_shape`."""

    def get_single_data(self) -> Any:
        try:
            node = self.composer.get_single_node()
        except RecursionError:  # block nesting far past the limit: the composer recurses per level
            raise _Shape("nesting hundreds of levels deep", f"at most {MAX_DEPTH} levels of nesting") from None
        if node is None:
            return None
        _check_shape(node)
        return self.construct_document(node)


def _rt(checked: bool = False) -> YAML:
    y = YAML(typ="rt")  # round-trip: comments kept; only standard tags are constructed
    y.Constructor = _CheckedConstructor if checked else _Constructor
    y.allow_duplicate_keys = False
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)  # the "  - item" list style our files use
    y.width = 4096  # never re-wrap a consultant's long flow mappings (ruamel can wrap them invalidly)
    return y


def load_rt(path: Path) -> Any:
    """Load with comments and line marks kept; raise DataError naming the line on bad YAML."""
    name = path.name
    text, problem = read_confined(path, MAX_BYTES)
    if problem is not None:
        raise DataError([problem])
    try:
        decoded = text.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError([Issue(name, "(encoding)", Text(f"byte 0x{text[exc.start]:02x} at offset {exc.start}"),
                               "UTF-8 text (save the file as UTF-8)")]) from None
    try:
        if _flow_depth(decoded) > MAX_DEPTH:
            raise _Shape(f"[ or {{ nested more than {MAX_DEPTH} levels deep", f"at most {MAX_DEPTH} levels of nesting")
        data = _rt(checked=True).load(decoded)
    except _Shape as exc:
        raise DataError([Issue(name, "(syntax)", Text(exc.found), exc.expected, line=exc.line)]) from None
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


_QUOTED_OR_COMMENT = re.compile(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"|(?:^|\s)#[^\n]*")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _flow_depth(text: str) -> int:
    """The deepest [ / { nesting outside quotes and comments, without the parser (whose flow
    scanner takes seconds on a deep enough line)."""
    brackets = _NOT_BRACKET.sub("", _QUOTED_OR_COMMENT.sub("", text))
    return max(accumulate(1 if c in "[{" else -1 for c in brackets), default=0)


def _check_shape(root: Node) -> None:
    """Nesting, aliases and expanded size, counted in document order on the composed graph, where
    an alias is a second visit to a node already met; raise _Shape at the first limit broken."""
    sizes: dict[int, int] = {}  # node -> values it stands for once expanded
    open_: set[int] = set()  # collections being visited (an alias to one is recursive)
    count = {"values": 0, "aliases": 0}

    def line(node: Node) -> int | None:
        return node.start_mark.line + 1 if node.start_mark else None

    def visit(node: Node, depth: int, parent: Node) -> None:
        key = id(node)
        if key in sizes or key in open_:
            count["aliases"] += 1
            count["values"] += sizes.get(key, 1)
            if count["aliases"] > MAX_ALIASES:
                raise _Shape(f"more than {MAX_ALIASES} aliases (*name)",
                             f"at most {MAX_ALIASES} aliases: write the values out", line(parent))
        else:
            before = count["values"]
            count["values"] += 1
            if isinstance(node, (MappingNode, SequenceNode)):
                if depth > MAX_DEPTH:
                    raise _Shape(f"nesting {depth} levels deep", f"at most {MAX_DEPTH} levels of nesting", line(node))
                open_.add(key)
                children = [x for pair in node.value for x in pair] if isinstance(node, MappingNode) else node.value
                for child in children:
                    visit(child, depth + 1, node)
                open_.discard(key)
            sizes[key] = count["values"] - before
        if count["values"] > MAX_VALUES:
            raise _Shape(f"more than {MAX_VALUES:,} values once aliases are expanded",
                         f"at most {MAX_VALUES:,} values (is this an alias bomb?)", line(parent))

    visit(root, 1, root)


def _foreign_tag(node: Any, line: int | None = None) -> tuple[str, int | None] | None:
    """Round-trip loading keeps unknown tags as data rather than executing them; find one."""
    tag = getattr(getattr(node, "tag", None), "value", None)
    if tag and not tag.startswith("tag:yaml.org,2002:") or (tag and "python" in tag):
        return tag, line
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            where = node.lc.data.get(key)  # none for a key merged in by `<<: *anchor`: checked where defined
            found = _foreign_tag(value, where[0] + 1 if where else line)
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
