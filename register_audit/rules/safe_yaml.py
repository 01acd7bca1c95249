"""Reading YAML written by users (rules, catalogues, budgets, policies, profiles) as plain data:
no tags, no aliases, bounded size and depth."""

from __future__ import annotations

from typing import Any

import yaml

from register_audit.errors import RegisterAuditError, RulesError

# A rule file is a few hundred rules, a policy a few checks; these bounds stop a hostile file long before it could
# exhaust memory or the recursion limit (an alias bomb is refused outright, see _SafeLoader).
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 32


class _PlainConstructor:
    """The constructor's checks: values that cannot be read, keys that are not text or repeat."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError, TypeError) as problem:  # an int of 50,000 digits, a date 2019-02-30
            detail = " ".join(str(problem).split())[:80]
            raise RulesError(f"{{path}}: line {node.start_mark.line + 1}: the value cannot be read ({detail}).") from None

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise RulesError(
                    f"{{path}}: line {key_node.start_mark.line + 1}: a mapping key must be plain text, not a list or a mapping."
                )
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise RulesError(
                    f"{{path}}: line {key_node.start_mark.line + 1}: the key {key!r} appears twice in one mapping."
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _SafeLoader(_PlainConstructor, yaml.SafeLoader):
    """SafeLoader that also refuses tags, anchors and aliases, deep nesting, huge documents
    and duplicate keys: the file is plain data and can neither run code nor hang.

    Its errors carry a `{path}` placeholder that safe_load fills in, in the caller's error class."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._nodes = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D401
        event = self.peek_event()
        mark = f"line {event.start_mark.line + 1}"
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise RulesError(f"{{path}}: {mark}: YAML anchors and aliases are not allowed: the file must be plain data.")
        if getattr(event, "tag", None) is not None:
            raise RulesError(f"{{path}}: {mark}: the YAML tag {event.tag!r} is not allowed: the file must be plain data.")
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise RulesError(f"{{path}}: {mark}: the document has more than {MAX_NODES} YAML nodes.")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise RulesError(f"{{path}}: {mark}: the document nests deeper than {MAX_DEPTH} levels.")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_CLoader = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it
if _CLoader is not None:
    class _FastLoader(_PlainConstructor, _CLoader):  # type: ignore[misc,valid-type]
        """libyaml's parser and composer, with the same constructor checks."""


def _fast_load(text: str) -> tuple[bool, Any]:
    """(True, data) when libyaml reads TEXT as plain data within the bounds; (False, None) for
    anything else (no libyaml, a tag, an anchor, too deep, an error), which the pure-Python loader
    then reads and names. A scalar counts one level deeper than its collection, as there."""
    if _CLoader is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return False, None
    try:
        nodes = depth = 0
        for event in yaml.parse(text, Loader=_CLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) or getattr(event, "tag", None) is not None:
                return False, None
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                nodes += 1
                depth += isinstance(event, yaml.CollectionStartEvent)
                if nodes > MAX_NODES or depth >= MAX_DEPTH:
                    return False, None
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        loader = _FastLoader(text)
        try:
            return True, loader.get_single_data()
        finally:
            loader.dispose()
    except (yaml.YAMLError, RulesError, RecursionError):
        return False, None


def safe_load(text: str, path: str, error: type[RegisterAuditError] = RulesError) -> Any:
    """Parse YAML TEXT as plain data, or raise ERROR (RulesError unless told) naming PATH and the line."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise error(f"{path}: the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MiB; a file of this kind is far smaller.")
    fast, data = _fast_load(text)
    if fast:
        return data
    loader = None
    try:
        loader = _SafeLoader(text)  # reading starts here: a NUL or other unprintable character fails at once
        return loader.get_single_data()
    except RulesError as found:
        raise error(found.message.replace("{path}", path)) from None
    except yaml.MarkedYAMLError as found:
        line = f"line {found.problem_mark.line + 1}: " if found.problem_mark else ""
        raise error(f"{path}: {line}not valid YAML ({found.problem}).") from None
    except yaml.YAMLError as found:
        raise error(f"{path}: not valid YAML ({' '.join(str(found).split())}).") from None
    except RecursionError:
        raise error(f"{path}: the document nests too deeply to read.") from None
    finally:
        if loader is not None:
            loader.dispose()
