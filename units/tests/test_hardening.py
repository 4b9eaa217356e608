"""Hardening (issue 9): hostile search input, no caching of signed-in pages, private uploads, a
Content-Security-Policy with nothing inline, and the keyboard and screen-reader way through the
layout (defects 10 and 13)."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from units.tests.support import PDF

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
STATIC = Path(__file__).resolve().parents[2] / "static"


@pytest.fixture
def assignment_with_file(org):
    from submissions.services import submission_attach
    from tasks import services
    from tasks.tests.factories import assign

    assignment = assign(org, org.commune_a).assignments.get()
    draft = services.report_save_draft(actor=org.chair_a, assignment=assignment, text="Báo cáo", revision=None)
    attachment = submission_attach(actor=org.chair_a, submission=draft, upload=SimpleUploadedFile("a.pdf", PDF))
    return assignment, attachment


# Defect 10 --------------------------------------------------------------------------------------

SEARCHES = ["tasks:directive_list", "units:unit_list", "tasks:assignment_list", "tasks:assignment_export"]


@pytest.mark.parametrize("name", SEARCHES)
@pytest.mark.parametrize("value", ["%00", "x%00y", "%01%1F%7F", "Tân%00Trào"])
def test_control_characters_in_a_search_never_reach_the_database(client, org, name, value):
    """PostgreSQL refuses a NUL byte (500 before the fix); every search drops control characters."""
    client.force_login(org.office_staff)
    response = client.get(f"{reverse(name)}?q={value}&kind={value}")
    assert response.status_code == 200
    if response.context and "query" in response.context:
        assert not re.search(r"[\x00-\x1f\x7f]", response.context["query"])


def test_search_text_keeps_what_the_user_meant():
    from library.text import without_control_characters

    assert without_control_characters(" Tân\x00 Trào\x7f\x85 ") == " Tân Trào "
    assert without_control_characters("a\tb\r\nc") == "a b  c"


# Hardening: caching, uploads, CSP ---------------------------------------------------------------


def test_signed_in_pages_and_downloads_are_not_stored_by_caches(client, org, assignment_with_file):
    assignment, attachment = assignment_with_file
    client.force_login(org.chair_a)
    for url in (
        reverse("tasks:assignment_detail", args=[assignment.pk]),
        reverse("tasks:attachment_download", args=[attachment.pk]),
        reverse("units:unit_list"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url


def test_static_files_keep_their_caching(client, org, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client.force_login(org.chair_a)
    css = client.get("/static/css/chithi.css")
    assert css.status_code == 200
    assert "no-store" not in css.get("Cache-Control", "")


def test_stored_attachments_are_not_readable_by_others(assignment_with_file):
    _assignment, attachment = assignment_with_file
    path = Path(attachment.file.path)
    assert stat.S_IMODE(path.stat().st_mode) & 0o007 == 0, oct(path.stat().st_mode)
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o007 == 0, oct(path.parent.stat().st_mode)


def test_every_page_carries_a_content_security_policy_without_inline(client, org):
    for response in (client.get(reverse("login")), client.get("/no-such-page/")):
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
        assert "frame-ancestors" in directives and "object-src" in directives
        assert "unsafe" not in policy


INLINE = [
    (re.compile(r"\sstyle\s*="), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE), "inline <script>"),
    (re.compile(r"<style[\s>]", re.IGNORECASE), "<style> element"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]


def test_no_template_has_inline_script_or_style():
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        if template.parts[-2] == "emails":  # mail clients, not the browser, read these
            continue
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
            found += [f"{template.relative_to(TEMPLATES)}:{number}: {what}" for rx, what in INLINE if rx.search(line)]
    assert found == []


def test_the_error_page_renders_without_context_and_without_inline_style():
    from django.template.loader import get_template

    html = get_template("500.html").render()
    assert "style=" not in html
    assert re.search(r'<link rel="stylesheet" href="/static/css/chithi\.css">', html)


def test_a_csrf_failure_explains_itself_in_vietnamese_without_inline_style(org):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(org.chair_a)
    response = client.post(reverse("units:notifications_read"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Phiên làm việc đã hết hạn" in body and "style=" not in body


# Defect 13 --------------------------------------------------------------------------------------


def test_layout_has_a_skip_link_and_a_real_menu_button(client, org):
    client.force_login(org.office_staff)
    body = client.get(reverse("units:unit_list")).content.decode()
    skip = re.search(r'<a class="skip-link" href="#main">([^<]+)</a>', body)
    assert skip and skip.group(1) == "Bỏ qua đến nội dung chính"
    assert body.index('class="skip-link"') < body.index("<header")
    assert re.search(r'<main [^>]*id="main"', body)
    button = re.search(r"<button [^>]*data-nav-toggle[^>]*>", body).group(0)
    assert 'aria-expanded="false"' in button and 'aria-controls="mainnav"' in button and 'type="button"' in button
    assert re.search(r'<nav [^>]*id="mainnav"', body)
    assert 'type="checkbox" id="nav-toggle"' not in body
    assert re.search(r'<script src="/static/js/chithi\.js" defer></script>', body)
    assert re.search(r'<script src="/static/js/datefield\.js" defer></script>', body)


def test_every_scrolling_table_can_take_focus_and_has_a_name():
    scroller = re.compile(r'<div class="scroll-x"[^>]*>')
    found = 0
    for template in sorted(TEMPLATES.rglob("*.html")):
        for tag in scroller.findall(template.read_text(encoding="utf-8")):
            found += 1
            assert 'tabindex="0"' in tag and 'role="region"' in tag, (template, tag)
            assert re.search(r'aria-label="[^"]+"', tag), (template, tag)
    assert found >= 3  # the completion tables (one shared include), the rollup and quarterly figures
    css = (STATIC / "css/chithi.css").read_text(encoding="utf-8")
    assert re.search(r"\.scroll-x\s*\{[^}]*overflow-x:\s*auto", css)
    assert ".scroll-x:focus" in css
