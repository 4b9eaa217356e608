"""Every URL of the quarterly cycle, as its owner, another unit and an anonymous visitor: own 200,
another unit 404 (never 403, and nothing changes behind it), anonymous to the login page, for GET
and POST alike (docs/architecture.md §7). Pages that cover every unit answer 404 to unit users."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import services
from reports.models import QuarterlyReport, QuarterRollup, RollupStatus
from reports.services import periodic
from submissions.models import SubmissionStatus
from submissions.services import submission_attach
from units.tests.support import PDF, Q3

MOMENT = "2026-09-18 10:00 +07:00"


@pytest.fixture
def filed(org, template, time_machine):
    """Commune B's Q3 report, sent with a file and waiting for review; a draft with a file of its
    next quarter's report; the Q3 rollup draft."""
    time_machine.move_to(MOMENT)
    sent = services.quarterly_save_draft(
        actor=org.chair_b, unit=org.commune_b, quarter=Q3, template=template, narratives={}, values={}, revision=None
    )
    sent_file = submission_attach(actor=org.chair_b, submission=sent, upload=SimpleUploadedFile("q3.pdf", PDF))
    sent = services.quarterly_submit(actor=org.chair_b, report=sent, confirmed_empty=True)
    q4 = Q3.next()
    draft = services.quarterly_save_draft(
        actor=org.chair_b, unit=org.commune_b, quarter=q4, template=template, narratives={}, values={}, revision=None
    )
    draft_file = submission_attach(actor=org.chair_b, submission=draft, upload=SimpleUploadedFile("q4.pdf", PDF))
    periodic.quarter_rollup_run(quarter=Q3)
    return {"sent": sent, "sent_file": sent_file, "draft": draft, "draft_file": draft_file, "q4": q4}


def _unchanged(filed) -> None:
    sent = QuarterlyReport.objects.get(pk=filed["sent"].pk)
    assert sent.status == SubmissionStatus.SUBMITTED and sent.decided_by is None
    assert filed["draft"].attachments.count() == 1


# One unit's data: (name, method, URL, POST data).
UNIT_DATA = [
    ("quarterly_report", "get", lambda f, o: reverse("reports:quarterly_report", args=[o.commune_b.code, Q3.key]), {}),
    ("quarterly_docx", "get", lambda f, o: reverse("reports:quarterly_docx", args=[f["sent"].pk]), {}),
    ("attachment_download", "get", lambda f, o: reverse("reports:attachment_download", args=[f["sent_file"].pk]), {}),
    (
        "quarterly_save",
        "post",
        lambda f, o: reverse("reports:quarterly_save", args=[o.commune_b.code, f["q4"].key]),
        {"then": "save"},
    ),
    (
        "quarterly_decide",
        "post",
        lambda f, o: reverse("reports:quarterly_decide", args=[f["sent"].pk]),
        {"decision": "accept"},
    ),
    ("attachment_delete", "post", lambda f, o: reverse("reports:attachment_delete", args=[f["draft_file"].pk]), {}),
]
GETS = [p for p in UNIT_DATA if p[1] == "get"]


@pytest.mark.parametrize("name,method,url,data", UNIT_DATA, ids=[p[0] for p in UNIT_DATA])
def test_another_units_quarterly_data_answers_404(client, org, filed, name, method, url, data):
    client.force_login(org.chair_a)
    response = getattr(client, method)(url(filed, org), data)
    assert response.status_code == 404
    _unchanged(filed)


@pytest.mark.parametrize("name,method,url,data", GETS, ids=[p[0] for p in GETS])
def test_own_unit_and_those_who_see_every_unit_get_the_page(client, org, filed, name, method, url, data):
    for user in (org.chair_b, org.reviewer, org.chairman, org.office_staff):
        client.force_login(user)
        assert client.get(url(filed, org)).status_code == 200, user


@pytest.mark.parametrize("name,method,url,data", UNIT_DATA, ids=[p[0] for p in UNIT_DATA])
def test_anonymous_goes_to_login_for_quarterly_data(client, org, filed, name, method, url, data):
    response = getattr(client, method)(url(filed, org), data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    _unchanged(filed)


def test_own_unit_posts_reach_the_services(client, org, filed):
    """The same POSTs as the owner (or the reviewer, for the decision) do what they say."""
    client.force_login(org.chair_b)
    delete = reverse("reports:attachment_delete", args=[filed["draft_file"].pk])
    assert client.post(delete).status_code == 302
    assert filed["draft"].attachments.count() == 0
    client.force_login(org.reviewer)
    decide = reverse("reports:quarterly_decide", args=[filed["sent"].pk])
    assert client.post(decide, {"decision": "accept"}).status_code == 302
    assert QuarterlyReport.objects.get(pk=filed["sent"].pk).status == SubmissionStatus.ACCEPTED


# Pages that cover every unit: (name, method, URL, POST data).
ALL_UNITS = [
    ("dashboard", "get", lambda: reverse("reports:dashboard") + f"?quarter={Q3.key}", {}),
    ("quarterly_list", "get", lambda: reverse("reports:quarterly_list") + f"?quarter={Q3.key}", {}),
    ("rollup", "get", lambda: reverse("reports:rollup", args=[Q3.key]), {}),
    ("rollup_docx", "get", lambda: reverse("reports:rollup_download", args=[Q3.key, "docx"]), {}),
    ("rollup_xlsx", "get", lambda: reverse("reports:rollup_download", args=[Q3.key, "xlsx"]), {}),
    (
        "rollup_action",
        "post",
        lambda: reverse("reports:rollup_action", args=[Q3.key]),
        {"action": "save", "revision": 0, "commentary": "x"},
    ),
]


@pytest.mark.parametrize("name,method,url,data", ALL_UNITS, ids=[p[0] for p in ALL_UNITS])
def test_pages_of_every_unit_answer_404_to_unit_users(client, org, filed, name, method, url, data):
    client.force_login(org.chair_a)
    response = getattr(client, method)(url(), data)
    if name == "quarterly_list":
        # A unit member is sent to their own unit's report instead.
        assert response.status_code == 302 and org.commune_a.code in response["Location"]
    else:
        assert response.status_code == 404
    assert QuarterRollup.objects.get().commentary == ""


@pytest.mark.parametrize("name,method,url,data", ALL_UNITS, ids=[p[0] for p in ALL_UNITS])
def test_pages_of_every_unit_for_those_who_see_every_unit(client, org, filed, name, method, url, data):
    for user in (org.reviewer, org.chairman, org.office_staff, org.admin):
        client.force_login(user)
        if method == "get":
            assert client.get(url()).status_code == 200, user
    # Only Organization–Home Affairs writes the assessment; the others are refused, nothing saved.
    if method == "post":
        client.force_login(org.chairman)
        assert client.post(url(), data).status_code == 403
        assert QuarterRollup.objects.get().commentary == ""
        client.force_login(org.reviewer)
        assert client.post(url(), data).status_code == 302
        rollup = QuarterRollup.objects.get()
        assert rollup.commentary == "x" and rollup.status == RollupStatus.DRAFT


@pytest.mark.parametrize("name,method,url,data", ALL_UNITS, ids=[p[0] for p in ALL_UNITS])
def test_anonymous_goes_to_login_for_pages_of_every_unit(client, org, filed, name, method, url, data):
    response = getattr(client, method)(url(), data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
