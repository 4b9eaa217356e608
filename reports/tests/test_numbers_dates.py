"""Figures of the quarterly report typed the Vietnamese way (issue 9, defect 4): "92,5" is 92.5 and
"1.430" is 1430 whatever the browser's language; a refused figure comes back with its error and
what was typed; a saved figure is shown back as "92,5" and "1.430"."""

from __future__ import annotations

import re

from django.urls import reverse

from reports.models import QuarterlyReport
from units.tests.support import Q3

PERCENT = "ind_ty_le_van_ban_dien_tu"
INTEGER = "ind_ho_so_dung_han"


def _post(client, org, template, **figures):
    section = template.sections.get(order=2)
    return client.post(
        reverse("reports:quarterly_save", args=[org.commune_a.code, Q3.key]),
        {f"section_{section.pk}": "Nội dung mục 2", **figures, "then": "save"},
    )


def _input(body: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', body)
    assert match, f"no input {name}"
    return match.group(0)


def test_decimal_comma_and_thousands_dot_are_stored_as_meant(client, org, template):
    client.force_login(org.chair_a)
    response = _post(client, org, template, **{PERCENT: "92,5", INTEGER: "1.430"})
    assert response.status_code == 302
    report = QuarterlyReport.objects.get()
    assert report.values["ty_le_van_ban_dien_tu"] == 92.5
    assert report.values["ho_so_dung_han"] == 1430
    # Shown back the Vietnamese way, in text boxes the browser does not reinterpret.
    body = client.get(reverse("reports:quarterly_report", args=[org.commune_a.code, Q3.key])).content.decode()
    percent, integer = _input(body, PERCENT), _input(body, INTEGER)
    assert 'value="92,5"' in percent and 'inputmode="decimal"' in percent and 'type="text"' in percent
    assert 'value="1.430"' in integer and 'inputmode="numeric"' in integer and 'type="text"' in integer


def test_a_dot_decimal_and_spaced_thousands_are_read_too(client, org, template):
    client.force_login(org.chair_a)
    assert _post(client, org, template, **{PERCENT: "87.5", INTEGER: "1\u00a0430"}).status_code == 302
    report = QuarterlyReport.objects.get()
    assert (report.values["ty_le_van_ban_dien_tu"], report.values["ho_so_dung_han"]) == (87.5, 1430)


def test_a_bad_figure_comes_back_with_its_error_and_what_was_typed(client, org, template):
    client.force_login(org.chair_a)
    response = _post(client, org, template, **{PERCENT: "9,2,5", INTEGER: "1.430,5"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "“9,2,5” không phải là số. Nhập số theo cách viết Việt Nam, ví dụ 92,5." in body
    assert "Nhập số nguyên, ví dụ 1.430." in body
    assert 'value="9,2,5"' in _input(body, PERCENT)
    assert 'value="1.430,5"' in _input(body, INTEGER)
    assert "Nội dung mục 2" in body
    assert not QuarterlyReport.objects.exists()
