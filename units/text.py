"""Cleaning of text typed into the query string (search boxes, filters)."""

from __future__ import annotations

import re

# C0 and C1 control characters and DEL. PostgreSQL refuses NUL in a text parameter (a 500), and no
# person means any of them in a search: tab, CR and LF become a space, the others are dropped.
_WHITESPACE_CONTROLS = re.compile(r"[\t\n\r]")
_OTHER_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_control_characters(value: str) -> str:
    """`value` with tab, CR and LF as spaces and every other control character removed."""
    return _OTHER_CONTROLS.sub("", _WHITESPACE_CONTROLS.sub(" ", value))


def has_control_characters(value: str) -> bool:
    return bool(_WHITESPACE_CONTROLS.search(value) or _OTHER_CONTROLS.search(value))
