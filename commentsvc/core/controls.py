"""Control characters in text people type or import: never stored, never shown, never exported.

Pure: no Flask. Tab and line breaks stay; a vertical tab, form feed or NEL (Word's line and page breaks when text
is pasted from it) becomes a line break so words are not glued together; every other control character goes.
"""

from __future__ import annotations

import re

_BREAKS = re.compile("[\x0b\x0c\x85]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def without_controls(text: str) -> str:
    return _CONTROLS.sub("", _BREAKS.sub("\n", text))
