"""Text from files made safe to print: one function for terminals, stderr and exports.

Ids, names and titles come from files anyone can write. Control characters and terminal escape
sequences in them could rewrite the user's screen; in a CSV, a cell starting with `=`, `+`, `-` or
`@` is run as a formula by spreadsheets; and echoing a 100 KB value in an error message buries the
message. Everything user-supplied that csip prints goes through here.
"""

from __future__ import annotations

import re

MAX_ECHO = 80
"""Characters of one echoed value in an error message."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_QUOTED = re.compile(r'"([^"\s]{' + str(MAX_ECHO + 1) + r',})"')


def _visible(ch: str) -> str:
    return "\\x1b" if ch == "\x1b" else f"\\u{ord(ch):04x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}"


def clean(text: str, keep_newlines: bool = False) -> str:
    """`text` with every control character (and bidi override) shown as a visible escape such as
    `\\x1b`, so it prints as what it is instead of acting on the terminal. Tabs survive; newlines
    survive only when asked for."""
    out = _CONTROL.sub(lambda m: _visible(m.group()), text)
    return out if keep_newlines else out.replace("\n", "\\n")


_RAW_IN_STRINGS = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape_in_strings(text: str) -> str:
    """JSON or TOML text (as json.dumps or tomli-w wrote it) with the characters those writers
    leave raw but a terminal acts on (DEL, the one-byte C1 controls such as CSI, bidi overrides,
    line and paragraph separators) written as `\\uXXXX` escapes. Both writers escape C0 controls
    themselves and put every such character inside a basic string, where `\\uXXXX` means the
    same character: the data read back is unchanged."""
    return _RAW_IN_STRINGS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def shorten(text: str, limit: int = MAX_ECHO) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_message(text: str) -> str:
    """An error or warning line: quoted values cut to MAX_ECHO characters, controls made visible,
    the whole line at most a few hundred characters."""
    text = _QUOTED.sub(lambda m: '"' + shorten(m.group(1)) + '"', text)
    return shorten(clean(text), 400)


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ (or tab/CR) gets a
    leading apostrophe; numbers stay numbers."""
    if not isinstance(value, str):
        return value
    text = clean(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
