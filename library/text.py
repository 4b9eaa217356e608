"""Cleaning of text typed into the query string (search boxes, filters)."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 control characters and DEL. PostgreSQL refuses NUL in a text parameter (a 500), and no
# person means any of them in a search: tab, CR and LF become a space, the others are dropped.
_WHITESPACE_CONTROLS = re.compile(r"[\t\n\r]")
_OTHER_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_control_characters(value: str) -> str:
    """`value` with tab, CR and LF as spaces and every other control character removed."""
    return _OTHER_CONTROLS.sub("", _WHITESPACE_CONTROLS.sub(" ", value))


def has_control_characters(value: str) -> bool:
    return bool(_WHITESPACE_CONTROLS.search(value) or _OTHER_CONTROLS.search(value))


# Longest folded query searched (a longer one is cut, never an error).
MAX_QUERY = 200


def fold(value: str) -> str:
    """Text as a search compares it (docs/architecture.md §10): lower case, Vietnamese diacritics
    removed (NFD, combining marks dropped), đ → d, control characters and repeated whitespace
    collapsed. "Quán Triệt", "QUAN TRIET" and "quán triệt" (composed or not) all give "quan triet"."""
    text = unicodedata.normalize("NFD", without_control_characters(value or "")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("đ", "d")
    return " ".join(text.split())


def search_words(query: str) -> list[str]:
    """The folded words of a search box's text (at most MAX_QUERY characters), each to be found."""
    return [w for w in fold(query)[:MAX_QUERY].split() if any(c.isalnum() for c in w)]
