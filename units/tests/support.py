"""Helpers the tests of every app share (test modules never import each other): sample files,
the phone viewport, signing in through the browser, running manage.py as a shell does, the test
database's URL for a worker process, and the quarter most tests play."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from django.db import connection

from library.workcalendar import Quarter
from units.tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]

# Files as a browser would upload them: the type is judged by content.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200


def docx_bytes() -> bytes:
    """The smallest .docx the content check accepts: the same bytes at every call (each member is
    stamped with a fixed time, not the clock's, so two builds across a second's tick compare equal)."""
    buffer = io.BytesIO()
    stamp = (2026, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(
            zipfile.ZipInfo("[Content_Types].xml", stamp),
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        z.writestr(zipfile.ZipInfo("word/document.xml", stamp), "<w:document/>")
    return buffer.getvalue()


# 2026Q3: data 15/6–14/9; day 20 = Sunday 20/9 -> effective Monday 21/9.
Q3 = Quarter.parse("2026Q3")


def file_report(org, template, unit, head, *, values, accept=True, when="2026-09-18 10:00 +07:00", time_machine=None):
    """A unit's Q3 report drafted, signed and sent by its head, and accepted by Organization–Home
    Affairs, through the real services."""
    from reports import services

    if time_machine:
        time_machine.move_to(when)
    report = services.quarterly_save_draft(
        actor=head, unit=unit, quarter=Q3, template=template, narratives={}, values=values, revision=None
    )
    report = services.quarterly_submit(actor=head, report=report, confirmed_empty=True)
    if accept:
        services.quarterly_accept(actor=org.reviewer, report=report)
    return report


# A commune chair's phone.
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
# Generous for a loaded CI machine: a wait that times out fails the test, a long one costs nothing.
BROWSER_TIMEOUT_MS = 20_000


def fill_login(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Type the user name and password into the login page and press the button."""
    page.goto(f"{base_url}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def sign_in(browser, base_url: str, username: str, **context_options):
    """A fresh browser context (own cookies) signed in as `username`; returns its page."""
    context = browser.new_context(locale="vi-VN", **context_options)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    context.set_default_navigation_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    fill_login(page, base_url, username)
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


def manage_py(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The command as a shell runs it: real argv, real exit status."""
    full_env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, env=full_env, timeout=120
    )


def database_url() -> str:
    """The URL of the database this test runs on (the test database), for the worker process."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "") + "@" if db["USER"] else ""
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def preview_and_sign(page, *, deputy: bool = False, confirm_empty: bool = False, issue: bool = False) -> None:
    """From a draft form: "Lưu và xem trước", read the preview, confirm; as a signer does."""
    from playwright.sync_api import expect

    if issue:
        page.get_by_role("button", name="Lưu và xem trước để ban hành").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Xem trước để ký ban hành")
    else:
        page.get_by_role("button", name="Lưu và xem trước để ký gửi").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Xem trước để ký gửi")
    expect(page.get_by_text("không sửa được nữa")).to_be_visible()
    if confirm_empty:
        page.get_by_role("checkbox", name="vẫn gửi như vậy").check()
    verb = "ban hành" if issue else "gửi"
    page.get_by_role("button", name=f"Ký thay (KT.) và {verb}" if deputy else f"Ký và {verb}", exact=True).click()


def header_text(doc) -> tuple[str, str]:
    """The left and right blocks of a Word file's header (library.documents): the issuing body over
    "Số: …", the national name and motto over the place-and-date line (two rows of one table)."""
    rows = doc.tables[0].rows
    return tuple("\n".join(row.cells[i].text for row in rows) for i in (0, 1))


def shot(page, name: str) -> None:
    """A full-page screenshot into $CHITHI_SHOTS (when set), to look at after a journey."""
    folder = os.environ.get("CHITHI_SHOTS", "")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def input_value(page: str, name: str) -> str:
    """The value="…" of the input named `name` in a rendered page (a form's starting figures)."""
    start = page.index(f'name="{name}"')
    tag = page[page.rfind("<", 0, start) : page.index(">", start)]
    return tag.split('value="')[1].split('"')[0]


def migrate_a_copy(tmp_path, name: str, as_of: str) -> tuple[Path, dict[str, str]]:
    """A copy of units/tests/data/<name>.sqlite3.gz (a demo database made by an older version),
    migrated by this version's `manage.py migrate` in a process of its own: the copy's path and every
    assignment's derived status as of `as_of`, read through the app."""
    import gzip
    import json
    import os
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    copy = tmp_path / f"{name}.sqlite3"
    with gzip.open(Path(__file__).parent / "data" / f"{name}.sqlite3.gz") as source, open(copy, "wb") as target:
        shutil.copyfileobj(source, target)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{copy}", "SECRET_KEY": "migration-test", "CI": ""}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env, check=True, timeout=300)
    probe = (
        "import json; from datetime import date; from tasks.models import Assignment; "
        f"day = date.fromisoformat('{as_of}'); "
        "print(json.dumps({str(pk): s for pk, s in "
        "Assignment.all_authorities.with_status(day).values_list('pk', 'status').order_by('pk')}))"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", probe],
        cwd=root,
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
    )
    return copy, json.loads(out.stdout.decode().strip().splitlines()[-1])
