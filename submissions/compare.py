"""What changed between two versions of a text, in words a reader can follow: the changed words
with a few words of context on each side, the rest elided, short however long the text. Templates render the segments
(autoescaped: no HTML is built here). Used by the version comparison of every kind of submission
and by the readable history (docs/architecture.md §4)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Words and the whitespace after them, so that joining the pieces gives the text back.
_TOKENS = re.compile(r"\S+\s*|\s+")
# Words of context kept each side of a change; words shown at most before "…".
CONTEXT = 6
SHOWN_WORDS = 80
RUN_WORDS, RUN_CHARS = 40, 400
# Beyond this many word pairs the changed middle is not matched word by word (difflib is quadratic).
MAX_PAIRS = 250_000


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "del", "ins" or "gap" (unchanged words left out)
    text: str


def _matched(old: str, new: str, context: int) -> list[Segment]:
    """The changes from `old` to `new` word by word; unchanged runs longer than twice `context`
    words keep `context` words each side of a change and become a gap in between. Empty when equal."""
    if old == new:
        return []
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    out: list[Segment] = []
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            head = [] if first else words[:context]
            tail = [] if last else words[-context:]
            if len(words) <= len(head) + len(tail) or (not head and not tail and len(words) <= context):
                out.append(Segment("same", "".join(words)))
                continue
            if head:
                out.append(Segment("same", "".join(head)))
            out.append(Segment("gap", "…"))
            if tail:
                out.append(Segment("same", "".join(tail)))
            continue
        if i2 > i1:
            out.append(Segment("del", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(Segment("ins", "".join(b[j1:j2])))
    return out


def clip(segments: list[Segment]) -> list[Segment]:
    """Each removed, added or kept run cut to RUN_WORDS words and RUN_CHARS characters (a pasted
    blob is one long "word"), the whole to SHOWN_WORDS words; what is cut becomes "…"."""
    out: list[Segment] = []
    budget = SHOWN_WORDS
    for segment in segments:
        if segment.kind == "gap":
            if not out or out[-1].kind != "gap":
                out.append(segment)
            continue
        if budget <= 0:
            if out[-1].kind != "gap":
                out.append(Segment("gap", "…"))
            break
        words = _TOKENS.findall(segment.text)
        limit = min(budget, RUN_WORDS)
        text = "".join(words[:limit])[:RUN_CHARS]
        out.append(Segment(segment.kind, text))
        budget -= min(len(words), limit)
        if text != segment.text:
            out.append(Segment("gap", "…"))
    return out


def word_diff(old: str, new: str) -> list[Segment]:
    """The changed words of `old` → `new` with CONTEXT words around them, at most SHOWN_WORDS words.
    The unchanged start and end are cut off first, so a small edit of a long text costs little and
    a complete rewrite is not matched word by word. Empty when nothing but trailing space changed."""
    if (old or "").rstrip() == (new or "").rstrip():
        return []
    # Both end in one space, so that the last word matches whatever followed it.
    a, b = _TOKENS.findall((old or "").rstrip() + " "), _TOKENS.findall((new or "").rstrip() + " ")
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    out: list[Segment] = []
    if start > CONTEXT:
        out.append(Segment("gap", "…"))
    if start:
        out.append(Segment("same", "".join(a[max(0, start - CONTEXT) : start])))
    if len(middle_a) * len(middle_b) <= MAX_PAIRS:
        out += _matched("".join(middle_a), "".join(middle_b), context=CONTEXT)
    else:
        out += [Segment("del", "".join(middle_a)), Segment("ins", "".join(middle_b))]
    if end:
        out.append(Segment("same", "".join(a[len(a) - end : len(a) - end + CONTEXT])))
    if end > CONTEXT:
        out.append(Segment("gap", "…"))
    return clip(_spaces_outside(out))


def _spaces_outside(segments: list[Segment]) -> list[Segment]:
    """The space after a removed or added run is left unmarked, so the strike or underline ends
    with the last word; a change of spacing alone is not shown."""
    out: list[Segment] = []
    for segment in segments:
        text = segment.text
        if segment.kind in ("del", "ins") and not text.strip():
            continue
        if segment.kind in ("del", "ins") and text.rstrip() != text:
            out += [Segment(segment.kind, text.rstrip()), Segment("same", text[len(text.rstrip()) :])]
        else:
            out.append(segment)
    return out
