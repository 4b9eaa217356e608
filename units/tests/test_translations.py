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


def test_every_ui_string_is_in_the_english_catalogue(tmp_path):
    """Run makemessages on a copy of the code: no string may be missing from the committed .po."""
    import shutil
    import subprocess
    import sys

    from conftest import require

    require(shutil.which("xgettext") is not None, "GNU gettext (xgettext) is needed: apt-get install gettext")
    root = LOCALE.parent
    copy = tmp_path / "src"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "var", ".git", "staticfiles", "__pycache__", ".hypothesis", ".pytest_cache"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "--ignore=var"],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=120,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))}
    committed = polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po"))
    assert sorted(fresh - {e.msgid for e in committed}) == [], "run makemessages -l en and translate the new strings"
    assert [e.msgid for e in committed.fuzzy_entries()] == []
