"""Item 5: meetings the Chairman convenes, a unit's request to send its deputy and the chair's
answer, the attendance the Office records, the item-5 figures per Decree 09 period; scoping."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from library.workcalendar import Quarter
from meetings import selectors, services
from meetings.models import Attendance, DeputyRequestStatus, Invitation
from reports.models import QuarterlyReport
from units.selectors import work_calendar
from units.tests.support import input_value


def at(text: str) -> datetime:
    """A local time written as people do: "14/09/2026 23:30"."""
    return timezone.make_aware(datetime.strptime(text, "%d/%m/%Y %H:%M"))


def convene(org, *units, when="20/10/2026 08:00", title="Hội nghị sơ kết công tác cải cách hành chính"):
    return services.meeting_create(
        actor=org.office_staff,
        title=title,
        starts_at=at(when),
        chaired_by=org.chairman.leaderships.get(),
        units=list(units) or [org.commune_a, org.commune_b],
        place="Hội trường UBND huyện",
        invitation_reference="Giấy mời số 45/GM-UBND ngày 15/10/2026",
    )


def record(org, meeting, **choices):
    """The Office records each unit's attendance: record(org, m, XA_TAN_TRAO="deputy")."""
    entries = {
        i.pk: services.Entry(choice=choices.get(i.unit.code.replace("-", "_"), ""), attendee="", note="")
        for i in meeting.invitations.select_related("unit")
    }
    meeting.refresh_from_db()
    return services.attendance_record(
        actor=org.office_staff, meeting=meeting, entries=entries, version=meeting.attendance_version
    )


def invitation(meeting, unit) -> Invitation:
    return meeting.invitations.get(unit=unit)


def test_consent_asked_and_given_counts_as_deputy_with_consent(
    org, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    time_machine.move_to("2026-10-16 09:00 +07:00")
    org.chairman.email = "chutich@example.org"
    org.chairman.save()
    meeting = convene(org)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.deputy_request_create(
            actor=org.chair_a,
            invitation=invitation(meeting, org.commune_a),
            deputy="Ông Lê Văn Phó, Phó Chủ tịch UBND xã",
            reason="Tiếp đoàn kiểm tra của tỉnh cùng giờ",
        )
    assert any("Xã Tân Trào đề nghị cử cấp phó" in m.subject for m in mailoutbox)
    services.deputy_request_decide(actor=org.chairman, request=request, approve=True, note="Đồng ý")
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (DeputyRequestStatus.CONSENTED, org.chairman)

    time_machine.move_to("2026-10-20 11:00 +07:00")
    record(org, meeting, XA_TAN_TRAO="deputy", XA_HOP_THANH="head")
    assert invitation(meeting, org.commune_a).attendance == Attendance.DEPUTY_CONSENTED
    assert invitation(meeting, org.commune_b).attendance == Attendance.HEAD
    assert invitation(meeting, org.commune_a).history.count() == 2  # invited, then recorded


def test_a_deputy_sent_without_asking_or_after_a_refusal_is_without_consent(org, time_machine):
    time_machine.move_to("2026-10-16 09:00 +07:00")
    meeting = convene(org)
    refused = services.deputy_request_create(
        actor=org.chair_b, invitation=invitation(meeting, org.commune_b), deputy="Bà Phó", reason="Bận việc riêng"
    )
    services.deputy_request_decide(actor=org.office_staff, request=refused, approve=False, note="Đề nghị trực tiếp dự")
    time_machine.move_to("2026-10-20 11:00 +07:00")
    record(org, meeting, XA_TAN_TRAO="deputy", XA_HOP_THANH="deputy")
    assert invitation(meeting, org.commune_a).attendance == Attendance.DEPUTY_UNCONSENTED
    assert invitation(meeting, org.commune_b).attendance == Attendance.DEPUTY_UNCONSENTED


def test_who_may_ask_and_when(org, time_machine):
    time_machine.move_to("2026-10-16 09:00 +07:00")
    meeting = convene(org)
    own = invitation(meeting, org.commune_a)
    with pytest.raises(PermissionDenied):  # an officer does not speak for the commune
        services.deputy_request_create(actor=org.officer_a, invitation=own, deputy="A", reason="B")
    with pytest.raises(PermissionDenied):  # nor a deputy without a delegation
        services.deputy_request_create(actor=org.deputy_a, invitation=own, deputy="A", reason="B")
    with pytest.raises(ValidationError) as empty:
        services.deputy_request_create(actor=org.chair_a, invitation=own, deputy=" ", reason="")
    assert set(empty.value.message_dict) == {"deputy", "reason"}
    services.deputy_request_create(actor=org.chair_a, invitation=own, deputy="Ông Phó", reason="Đi công tác tỉnh")
    with pytest.raises(ValidationError, match="đã có đề nghị"):
        services.deputy_request_create(actor=org.chair_a, invitation=own, deputy="Ông Phó", reason="Lần hai")
    time_machine.move_to("2026-10-20 08:05 +07:00")
    with pytest.raises(ValidationError, match="đã bắt đầu"):
        services.deputy_request_create(
            actor=org.chair_b, invitation=invitation(meeting, org.commune_b), deputy="Bà Phó", reason="Ốm"
        )
    request = own.deputy_requests.get()
    with pytest.raises(PermissionDenied):  # a Vice Chairman who does not chair this meeting
        services.deputy_request_decide(actor=org.vice_chairman, request=request, approve=True)


def test_attendance_is_recorded_after_the_meeting_and_a_stale_form_changes_nothing(org, time_machine):
    time_machine.move_to("2026-10-16 09:00 +07:00")
    meeting = convene(org)
    with pytest.raises(ValidationError, match="chưa diễn ra"):
        record(org, meeting, XA_TAN_TRAO="head")
    time_machine.move_to("2026-10-20 11:00 +07:00")
    opened = meeting.attendance_version
    record(org, meeting, XA_TAN_TRAO="head", XA_HOP_THANH="absent")
    entries = {invitation(meeting, org.commune_a).pk: services.Entry(choice="absent")}
    with pytest.raises(services.AttendanceConflict):
        services.attendance_record(actor=org.office_staff, meeting=meeting, entries=entries, version=opened)
    assert invitation(meeting, org.commune_a).attendance == Attendance.HEAD
    with pytest.raises(PermissionDenied):
        services.attendance_record(actor=org.chair_a, meeting=meeting, entries=entries, version=None)


def test_item_5_figures_of_a_decree_09_period_at_the_local_day_boundary(org, time_machine):
    """Q4/2026's Decree 09 period begins 15/09/2026: a meeting at 23:30 on 14/09 (local) is Q3's,
    one at 00:30 on 15/09 (local; still 14/09 in UTC) is Q4's."""
    dates = work_calendar().quarter_dates(Quarter(2026, 4))
    assert dates.cutoff_start.strftime("%d/%m/%Y") == "15/09/2026"
    time_machine.move_to("2026-09-01 09:00 +07:00")
    late = convene(org, org.commune_a, when="14/09/2026 23:30", title="Họp trực tuyến phòng chống bão")
    early = convene(org, org.commune_a, when="15/09/2026 00:30", title="Họp khẩn ứng phó bão số 5")
    third = convene(org, org.commune_a, when="02/10/2026 14:00")
    time_machine.move_to("2026-10-05 09:00 +07:00")
    record(org, late, XA_TAN_TRAO="deputy")
    record(org, early, XA_TAN_TRAO="deputy")
    record(org, third, XA_TAN_TRAO="absent")
    q4 = selectors.attendance_counts(org.commune_a.pk, dates.cutoff_start, dates.cutoff_end)
    assert (q4["deputy_unconsented"], q4["absent"], q4["head"], q4["invited"]) == (1, 1, 0, 2)
    q3 = work_calendar().quarter_dates(Quarter(2026, 3))
    assert selectors.attendance_counts(org.commune_a.pk, q3.cutoff_start, q3.cutoff_end)["deputy_unconsented"] == 1


# ---- pages and scoping -----------------------------------------------------------------------------


@pytest.fixture
def meeting_for_a(org, time_machine):
    time_machine.move_to("2026-10-16 09:00 +07:00")
    return convene(org, org.commune_a)


def test_another_commune_gets_404_everywhere(client, org, meeting_for_a):
    own = invitation(meeting_for_a, org.commune_a)
    client.force_login(org.chair_b)
    assert client.get(reverse("meetings:meeting_detail", args=[meeting_for_a.pk])).status_code == 404
    response = client.post(reverse("meetings:deputy_request", args=[own.pk]), {"deputy": "X", "reason": "Y"})
    assert response.status_code == 404
    assert not own.deputy_requests.exists()
    assert meeting_for_a.title not in client.get(reverse("meetings:meeting_list")).content.decode()


def test_a_unit_sees_its_own_invitation_only_and_asks_from_the_page(client, org, time_machine):
    time_machine.move_to("2026-10-16 09:00 +07:00")
    meeting = convene(org)
    client.force_login(org.chair_a)
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Xã Tân Trào" in page and "Xã Hợp Thành" not in page
    assert "đề nghị cử cấp phó dự thay" in page
    own = invitation(meeting, org.commune_a)
    refused = client.post(reverse("meetings:deputy_request", args=[own.pk]), {"deputy": "Ông Lê Văn Phó", "reason": ""})
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Ông Lê Văn Phó" in text and "field-error" in text  # what was typed stays, the error beside it
    client.post(reverse("meetings:deputy_request", args=[own.pk]), {"deputy": "Ông Lê Văn Phó", "reason": "Ốm"})
    assert own.deputy_requests.get().status == DeputyRequestStatus.PENDING
    client.force_login(org.officer_a)  # an officer sees the invitation, not the request form
    page = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Xã Tân Trào" in page and "Gửi đề nghị" not in page


@pytest.mark.parametrize("who,status", [("office_staff", 200), ("chairman", 403), ("chair_a", 403), ("chair_b", 404)])
def test_the_attendance_screen_is_the_offices(client, org, meeting_for_a, who, status):
    client.force_login(getattr(org, who))
    assert client.get(reverse("meetings:attendance", args=[meeting_for_a.pk])).status_code == status


@pytest.mark.parametrize("who,status", [("office_staff", 200), ("chairman", 403), ("chair_a", 403)])
def test_only_the_office_convenes(client, org, who, status):
    client.force_login(getattr(org, who))
    assert client.get(reverse("meetings:meeting_create")).status_code == status


def test_the_office_convenes_from_the_form_and_a_bad_time_keeps_what_was_typed(client, org, time_machine):
    time_machine.move_to("2026-10-16 09:00 +07:00")
    client.force_login(org.office_staff)
    data = {
        "title": "Giao ban công tác quý IV",
        "day": "22/10/2026",
        "at": "8 giờ",
        "chaired_by": org.chairman.leaderships.get().pk,
        "scope": "picked",
        "units": [org.commune_a.pk, org.commune_b.pk],
    }
    refused = client.post(reverse("meetings:meeting_create"), data).content.decode()
    assert "Giờ họp viết như 08:00" in refused and "Giao ban công tác quý IV" in refused
    done = client.post(reverse("meetings:meeting_create"), {**data, "at": "14h30"})
    assert done.status_code == 302
    meeting = org.chairman.leaderships.get().meetings_chaired.get()
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M %d/%m/%Y") == "14:30 22/10/2026"
    assert meeting.invitations.count() == 2


def test_the_attendance_screen_saves_and_a_conflict_keeps_the_choices(client, org, meeting_for_a, time_machine):
    time_machine.move_to("2026-10-20 11:00 +07:00")
    own = invitation(meeting_for_a, org.commune_a)
    client.force_login(org.office_staff)
    url = reverse("meetings:attendance", args=[meeting_for_a.pk])
    client.post(url, {"version": "0", f"a-{own.pk}": "deputy", f"who-{own.pk}": "Ông Phó"})
    own.refresh_from_db()
    assert (own.attendance, own.attendee) == (Attendance.DEPUTY_UNCONSENTED, "Ông Phó")
    stale = client.post(url, {"version": "0", f"a-{own.pk}": "absent", f"note-{own.pk}": "Không báo"})
    text = stale.content.decode()
    assert "Người khác vừa ghi nhận" in text and "Không báo" in text and 'value="absent" checked' in text
    own.refresh_from_db()
    assert own.attendance == Attendance.DEPUTY_UNCONSENTED


def _meetings(org, n):
    for k in range(n):
        convene(org, org.commune_a, org.commune_b, title=f"Cuộc họp {k}")


@pytest.mark.parametrize("who", ["office_staff", "chair_a"])
def test_the_list_reads_a_constant_number_of_queries(client, org, time_machine, who):
    time_machine.move_to("2026-10-16 09:00 +07:00")
    client.force_login(getattr(org, who))
    url = reverse("meetings:meeting_list")
    counts = []
    for size in (1, 12):
        _meetings(org, size)

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == [{"office_staff": 11, "chair_a": 10}[who]] * 2, counts


def test_the_quarterly_report_is_prefilled_from_the_meetings_register(client, org, template, time_machine):
    """Q4/2026 (Decree 09 period 15/09–14/12): commune A sent its deputy with consent once, without
    consent once, was absent once; a meeting on 14/09 belongs to Q3 and is not counted."""
    time_machine.move_to("2026-09-01 09:00 +07:00")
    before = convene(org, org.commune_a, when="14/09/2026 15:00")
    asked = convene(org, org.commune_a, when="06/10/2026 08:00")
    plain = convene(org, org.commune_a, when="13/10/2026 08:00")
    missed = convene(org, org.commune_a, when="14/12/2026 23:00")
    request = services.deputy_request_create(
        actor=org.chair_a, invitation=invitation(asked, org.commune_a), deputy="Ông Phó", reason="Công tác tỉnh"
    )
    services.deputy_request_decide(actor=org.chairman, request=request, approve=True)
    time_machine.move_to("2026-12-15 09:00 +07:00")
    for meeting, choice in ((before, "absent"), (asked, "deputy"), (plain, "deputy"), (missed, "absent")):
        record(org, meeting, XA_TAN_TRAO=choice)
    client.force_login(org.chair_a)
    page = client.get(reverse("reports:quarterly_report", args=[org.commune_a.code, "2026Q4"])).content.decode()

    def value_of(code):
        return input_value(page, f"ind_{code}")

    assert (value_of("hop_cu_cap_pho_co_dong_y"), value_of("hop_cu_cap_pho_khong_dong_y")) == ("1", "1")
    assert value_of("hop_vang_khong_ly_do") == "1"
    assert "Theo sổ theo dõi cuộc họp: 1." in page


def test_the_rollup_totals_item_5_from_the_register_and_keeps_what_units_reported(org, template, time_machine):
    time_machine.move_to("2026-10-01 09:00 +07:00")
    first = convene(org, when="06/10/2026 08:00")
    second = convene(org, org.commune_a, when="20/10/2026 08:00")
    time_machine.move_to("2026-10-21 09:00 +07:00")
    record(org, first, XA_TAN_TRAO="deputy", XA_HOP_THANH="absent")
    record(org, second, XA_TAN_TRAO="deputy")
    from reports.selectors import indicator_totals

    rows = {row["code"]: row for row in indicator_totals(Quarter(2026, 4), template)}
    unconsented = rows["hop_cu_cap_pho_khong_dong_y"]
    assert (unconsented["all"], unconsented["communes"], unconsented["agencies"]) == (2, 2, 0)
    assert unconsented["reported"]["all"] == 0  # no accepted report says anything yet
    assert unconsented["register"] == "sổ theo dõi cuộc họp"
    assert rows["hop_vang_khong_ly_do"]["all"] == 1
    assert "register" not in rows["hoi_nghi_quan_triet"]


def test_an_answer_without_a_choice_changes_nothing(client, org, meeting_for_a):
    request = services.deputy_request_create(
        actor=org.chair_a, invitation=invitation(meeting_for_a, org.commune_a), deputy="Ông Phó", reason="Ốm"
    )
    client.force_login(org.chairman)
    url = reverse("meetings:deputy_decide", args=[request.pk])
    page = client.post(url, {"note": "Đồng ý"}, follow=True).content.decode()
    assert "Chọn Đồng ý hoặc Không đồng ý." in page
    request.refresh_from_db()
    assert request.status == DeputyRequestStatus.PENDING
    client.post(url, {"note": "", "decision": "refuse"})
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (DeputyRequestStatus.REFUSED, org.chairman)


def test_a_figure_other_than_the_registers_needs_its_reason_which_stays_with_the_report(
    client, org, template, time_machine
):
    time_machine.move_to("2026-10-01 09:00 +07:00")
    meeting = convene(org, org.commune_a, when="06/10/2026 08:00")
    time_machine.move_to("2026-10-07 09:00 +07:00")
    record(org, meeting, XA_TAN_TRAO="absent")
    client.force_login(org.chair_a)
    url = reverse("reports:quarterly_save", args=[org.commune_a.code, "2026Q4"])
    typed = {"ind_hop_vang_khong_ly_do": "0", "then": "save"}
    refused = client.post(url, typed)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Số liệu khác sổ theo dõi (1): nêu lý do." in page
    assert 'name="ind_hop_vang_khong_ly_do" value="0"' in page  # what was typed stays
    why = "Đã có giấy mời hoãn họp gửi xã ngày 05/10, sổ chưa cập nhật"
    assert client.post(url, {**typed, "why_hop_vang_khong_ly_do": why}).status_code == 302
    report = QuarterlyReport.objects.get(unit=org.commune_a, quarter="2026Q4")
    assert report.values["hop_vang_khong_ly_do"] == 0 and report.values["hop_vang_khong_ly_do__why"] == why
    shown = {indicator.code: text for part in report.body() for indicator, text in part.figures}
    assert shown["hop_vang_khong_ly_do"] == f"0 (lý do khác số theo sổ: {why})"
    # The same figure as the register needs no reason.
    same = {"ind_hop_vang_khong_ly_do": "1", "then": "save", "revision": report.revision}
    assert client.post(url, same).status_code == 302
    report.refresh_from_db()
    assert report.values == {"hop_vang_khong_ly_do": 1}


def test_a_unit_sees_its_request_on_the_list(client, org, time_machine):
    time_machine.move_to("2026-10-16 09:00 +07:00")
    meeting = convene(org)
    services.deputy_request_create(
        actor=org.chair_a, invitation=invitation(meeting, org.commune_a), deputy="Ông Phó", reason="Công tác tỉnh"
    )
    client.force_login(org.chair_a)
    page = client.get(reverse("meetings:meeting_list")).content.decode()
    assert "đã đề nghị cử cấp phó, chờ người chủ trì" in page
    client.force_login(org.chair_b)  # another commune invited to the same meeting asked nothing
    assert "đã đề nghị cử cấp phó" not in client.get(reverse("meetings:meeting_list")).content.decode()
