"""Text that Office's XML files can hold.

Word and Excel files are XML, and XML 1.0 forbids most control characters (a stray form feed or
escape pasted into an action's title from another tool is enough). Written as is, they make the
file fail to open or trigger Office's repair prompt, so every string is cleaned on the way in:
controls (and bidi overrides, which XML allows but which make a cell read backwards) are shown as
visible escapes by `planner.sanitize.clean`, as in every other export; what XML still refuses
(lone surrogates, U+FFFE, U+FFFF) is dropped.
"""

from __future__ import annotations

import re

from planner.sanitize import clean as visible
from planner.sanitize import shorten

# everything XML 1.0 does not allow: C0 controls other than tab, newline and carriage return,
# lone surrogates, and the two non-characters U+FFFE and U+FFFF
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(s: str) -> str:
    return _ILLEGAL.sub("", visible(s, keep_newlines=True))


PROPERTY_LIMIT = 255
"""Characters a document property (title, subject) may hold: python-docx refuses more, and Office
cuts such fields short itself."""


def property_text(s: str) -> str:
    """A document property: cleaned, on one line, cut to the limit with an ellipsis."""
    return shorten(" ".join(clean(s).split()), PROPERTY_LIMIT)
