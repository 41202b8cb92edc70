"""What the terminal may be shown of text that came from inputs: ids, names, file names.

A document id, an entity's name or a file name is data, and data may hold
an escape sequence that recolours, retitles or clears the user's terminal
(ESC, the C1 CSI), a bidirectional override that shows text in another order
than it has (U+202E), a line break that turns one error into two, or a
surrogate escape (an undecodable byte of a file name) that printing cannot
encode. Such characters are shown as Python writes them in a string literal,
`\\x1b`, `\\u202e`, `\\udcff`; everything else is shown as it is.
"""

from __future__ import annotations

import re

#: C0 and C1 controls (DEL too), surrogates, line and paragraph separators, and the Unicode
#: bidirectional formatting characters (the "Trojan Source" set, CVE-2021-42574).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with every character a terminal would act on, rather than show, escaped."""
    return _UNSAFE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)
