"""On which line of a TOML file a table or a key is written, so that a configuration error can point at it.

TOML parsers give values, not positions. A line that looks like a table header or `key = ...` is one when
the text before it is complete TOML; inside a multi-line string or array, the text before it is not.
"""
import re
import tomllib

KeyPath = tuple[str | int, ...]  # ("services", 0, "range") for msgspec's `$.services[0].range`

_HEADER = re.compile(r"\s*\[(\[)?\s*([^\[\]#]+?)\s*\]\]?\s*(?:#.*)?")
_KEY = re.compile(r"\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)\s*[.=]")


def key_lines(text: str) -> dict[KeyPath, int]:
    """{("hall",): 2, ("hall", "name"): 3, ("services", 0): 11, ("services", 0, "code"): 12, ...}, 1-based."""
    lines = text.splitlines(keepends=True)
    found: dict[KeyPath, int] = {}
    tables_seen: dict[tuple[str, ...], int] = {}
    table: KeyPath = ()
    for number, line in enumerate(lines, start=1):
        header, key = _HEADER.fullmatch(line.rstrip("\r\n")), _KEY.match(line)
        if not (header or key) or not _complete("".join(lines[:number - 1])):
            continue
        if header:
            name = tuple(part.strip().strip("\"'") for part in header.group(2).split("."))
            if header.group(1):  # [[name]]: one more entry of an array of tables
                tables_seen[name] = tables_seen.get(name, -1) + 1
                table = (*name, tables_seen[name])
            else:
                table = name
            found.setdefault(table, number)
        elif key:
            found.setdefault((*table, key.group(1).strip("\"'")), number)
    return found


def line_of(text: str, path: KeyPath) -> int | None:
    """The line of the deepest part of path written in the file: the key, else its table."""
    found = key_lines(text)
    return next((found[path[:end]] for end in range(len(path), 0, -1) if path[:end] in found), None)


def _complete(text: str) -> bool:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    return True
