"""The English catalogue is complete and its compiled .mo matches the .po (no gettext needed to run)."""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def test_english_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(LOCALE / "en/LC_MESSAGES/django.mo"))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    compiled = {e.msgid: e.msgstr for e in mo}
    assert {e.msgid: e.msgstr for e in po if not e.obsolete} == {k: v for k, v in compiled.items() if k}
