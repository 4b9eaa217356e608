"""Issue 9: dates typed dd/mm/yyyy in the task forms keep what was typed and say what is wrong
(defect 5); the history reads as one entry per action with its verb, and a long text change is a
short word diff with the whole text folded away (defect 11)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse

from submissions.models import ReturnReason
from tasks import services
from tasks.models import Assignment, Task
from tasks.tests.factories import assign
from units.models import today_local

# ---- dates in the task forms ----------------------------------------------------------------------


def _input(body: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', body)
    assert match, f"no input {name}"
    return match.group(0)


def _task_data(org, deadline: str) -> dict:
    return {
        "subject": "Rà soát thủ tục hành chính",
        "given_by": org.chairman.leaderships.get().pk,
        "deadline": deadline,
        "scope": "local",
    }


def test_an_impossible_deadline_is_named_and_kept(client, org):
    client.force_login(org.office_staff)
    response = client.post(reverse("tasks:task_create"), _task_data(org, "31/02/2026"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ngày 31/02/2026 không có thật — nhập theo dạng ngày/tháng/năm, ví dụ 05/12/2026." in body
    assert "Trường này là bắt buộc." not in body
    box = _input(body, "deadline")
    assert 'value="31/02/2026"' in box and 'type="text"' in box
    assert not Task.objects.exists()


def test_a_deadline_typed_day_first_is_the_day_meant(client, org):
    client.force_login(org.office_staff)
    day = today_local() + timedelta(days=40)
    for typed in (day.strftime("%d/%m/%Y"), f"{day.day}-{day.month}-{day.year}"):
        response = client.post(reverse("tasks:task_create"), {**_task_data(org, typed), "subject": typed})
        assert response.status_code == 302
        assert Assignment.objects.filter(task__subject=typed).first().deadline == day


def test_the_deadline_box_says_dd_mm_yyyy_whatever_the_browser(client, org):
    client.force_login(org.office_staff)
    box = _input(client.get(reverse("tasks:task_create")).content.decode(), "deadline")
    assert 'type="text"' in box and 'placeholder="dd/mm/yyyy"' in box and 'inputmode="numeric"' in box
    assert "data-datefield" in box


def test_an_impossible_extension_date_is_named_and_kept(client, org):
    assignment = assign(org, org.commune_a).assignments.get()
    client.force_login(org.chair_a)
    response = client.post(
        reverse("tasks:extension_request", args=[assignment.pk]), {"requested_deadline": "30/02/2027", "reason": "x"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ngày 30/02/2027 không có thật" in body
    assert 'value="30/02/2027"' in _input(body, "requested_deadline")


def test_the_list_filters_read_dates_the_same_way(client, org):
    assignment = assign(org, org.commune_a).assignments.get()
    day = assignment.effective_deadline
    client.force_login(org.office_staff)
    url = reverse("tasks:assignment_list")
    found = client.get(url, {"due_from": f"{day:%d-%m-%Y}", "due_to": f"{day:%d/%m/%Y}"})
    assert assignment in found.context["page"].object_list
    none = client.get(url, {"due_from": f"{day + timedelta(days=1):%d.%m.%Y}"})
    assert assignment not in none.context["page"].object_list
    wrong = client.get(url, {"due_from": "31/02/2026"}).content.decode()
    assert "không có thật" in wrong and 'value="31/02/2026"' in wrong


# ---- history: one entry per action ----------------------------------------------------------------


def _history(client, assignment) -> list:
    return client.get(reverse("tasks:assignment_detail", args=[assignment.pk])).context["history"]


def _new_entries(before: list, after: list) -> list[str]:
    seen = {(e.when, e.what) for e in before}
    return [e.what for e in after if (e.when, e.what) not in seen]


def test_each_action_is_one_entry_with_its_verb(client, org):
    assignment = assign(org, org.commune_a).assignments.get()
    client.force_login(org.office_staff)
    steps = [
        (
            lambda: services.report_save_draft(actor=org.chair_a, assignment=assignment, text="Bản một", revision=None),
            "Lưu dự thảo báo cáo lần 1",
        ),
        (lambda: services.report_submit(actor=org.chair_a, assignment=assignment), "Ký và gửi báo cáo lần 1"),
        (
            lambda: services.report_return(
                actor=org.office_staff,
                report=assignment.reports.get(version=1),
                reasons=[ReturnReason.LOW_QUALITY, ReturnReason.LATE],
                note="Bổ sung số liệu",
            ),
            "Trả lại báo cáo lần 1, lý do: Chất lượng thấp; Chưa đúng thời gian quy định",
        ),
        (
            lambda: services.report_save_draft(actor=org.chair_a, assignment=assignment, text="Bản hai", revision=None),
            "Lưu dự thảo báo cáo lần 2",
        ),
        (lambda: services.report_submit(actor=org.chair_a, assignment=assignment), "Ký và gửi báo cáo lần 2"),
        (
            lambda: services.report_accept(actor=org.office_staff, report=assignment.reports.get(version=2)),
            "Chấp nhận báo cáo lần 2",
        ),
    ]
    added = []
    for action, _verb in steps:
        before = _history(client, assignment)
        action()
        added.append(_new_entries(before, _history(client, assignment)))
    assert [len(new) for new in added] == [1] * len(steps)  # was 2 for signing, returning, accepting
    assert [new[0] for new in added] == [verb for _action, verb in steps]
    returned = next(e for e in _history(client, assignment) if e.what.startswith("Trả lại"))
    assert [str(c) for c in returned.changes] == ["ý kiến: Bổ sung số liệu"]
    body = client.get(reverse("tasks:assignment_detail", args=[assignment.pk])).content.decode()
    assert "Ký và gửi báo cáo lần 2" in body and "Trả lại báo cáo lần 1, lý do: Chất lượng thấp" in body


def test_an_approved_extension_is_one_entry_with_the_deadline_moved(client, org):
    assignment = assign(org, org.commune_a, deadline=today_local() + timedelta(days=20)).assignments.get()
    new_deadline = assignment.deadline + timedelta(days=7)
    request = services.extension_request_create(
        actor=org.chair_a, assignment=assignment, requested_deadline=new_deadline, reason="Chờ số liệu"
    )
    client.force_login(org.office_staff)
    before = _history(client, assignment)
    services.extension_decide(actor=org.chairman, request=request, approve=True)
    day = new_deadline.strftime("%d/%m/%Y")
    after = _history(client, assignment)
    assert _new_entries(before, after) == [f"Đồng ý gia hạn đến {day}"]
    approval = next(e for e in after if e.what.startswith("Đồng ý"))
    assert f"hạn hiện hành: {assignment.deadline:%d/%m/%Y} → {day}" in [str(c) for c in approval.changes]
    assert any(e.what == f"Đề nghị gia hạn đến {day}" for e in after)


# ---- history: a long text change is a short diff ----------------------------------------------------

WORDS = "Ủy ban nhân dân xã đã tổ chức quán triệt Chỉ thị tới cán bộ công chức và người lao động".split(" ")  # noqa: SIM905


def _long_text(n_words: int, seed: int = 0) -> str:
    return " ".join(f"{WORDS[(i * 5 + seed) % len(WORDS)]}{i}" for i in range(n_words))


def _history_html(body: str) -> str:
    start = body.index('<ul class="history">')
    return body[start : body.index("</section>", start)]


def _outside_details(html: str) -> str:
    return re.sub(r"<details.*?</details>", "", html, flags=re.S)


def test_a_long_edit_is_a_short_word_diff_with_the_whole_text_folded(client, org):
    assignment = assign(org, org.commune_a).assignments.get()
    old = _long_text(14_000)
    assert len(old) > 100_000
    words = old.split(" ")
    words[7000] = "<b>sửa</b>"
    new = " ".join(words)
    draft = services.report_save_draft(actor=org.chair_a, assignment=assignment, text=old, revision=None)
    services.report_save_draft(actor=org.chair_a, assignment=assignment, text=new, revision=draft.revision)
    client.force_login(org.office_staff)
    html = _history_html(client.get(reverse("tasks:assignment_detail", args=[assignment.pk])).content.decode())
    shown = _outside_details(html)
    assert len(shown) < 5_000
    replaced = f"{WORDS[(7000 * 5) % len(WORDS)]}7000"
    assert f"<del>{replaced}</del> <ins>&lt;b&gt;sửa&lt;/b&gt;</ins> " in shown
    assert "<b>" not in html
    folded = re.search(r"<details.*?</details>", html, flags=re.S).group(0)
    assert "xem toàn bộ" in folded and len(folded) > 2 * 100_000


def test_a_long_text_rewritten_entirely_is_still_short(client, org):
    assignment = assign(org, org.commune_a).assignments.get()
    draft = services.report_save_draft(actor=org.chair_a, assignment=assignment, text=_long_text(14_000), revision=None)
    services.report_save_draft(
        actor=org.chair_a, assignment=assignment, text=_long_text(14_000, seed=3), revision=draft.revision
    )
    client.force_login(org.office_staff)
    html = _history_html(client.get(reverse("tasks:assignment_detail", args=[assignment.pk])).content.decode())
    assert len(_outside_details(html)) < 5_000


def test_a_pasted_blob_without_spaces_is_cut_short_on_both_sides():
    from submissions.compare import word_diff as short_diff

    segments = short_diff("x" * 100_000, "y" * 100_000)
    assert sum(len(s.text) for s in segments) < 1_000
    assert {s.kind for s in segments} >= {"del", "ins", "gap"}
