"""`units` was split into the organisation (`units`) and what every app uses (`library`) with no
table, row or content type moving (docs/architecture.md §1): a copy of the province demo database
made just before the split (units/tests/data/demo-before-split.*) migrates to this version with
every table's rows, every content type and every assignment's derived status unchanged."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from units.tests.support import migrate_a_copy


def test_the_demo_database_from_before_the_split_migrates_unchanged(tmp_path):
    expected = json.loads((Path(__file__).parent / "data" / "demo-before-split.json").read_text())
    copy, statuses = migrate_a_copy(tmp_path, "demo-before-split", expected["as_of"])
    assert statuses == expected["assignment_status"] and len(statuses) > 10
    with sqlite3.connect(copy) as db:
        tables = [
            r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        ]
        counts = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        types = sorted(a + "." + m for a, m in db.execute("SELECT app_label, model FROM django_content_type"))
    # Later migrations may add rows to these three; nothing else may change.
    grown = {"django_migrations", "django_content_type", "auth_permission"}
    assert {t: n for t, n in counts.items() if t not in grown} == {
        t: n for t, n in expected["row_counts"].items() if t not in grown
    }
    assert set(expected["content_types"]) <= set(types)
    assert not [t for t in types if t.startswith("library.")], "library has no models"
