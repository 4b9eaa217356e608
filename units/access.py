"""Who may see and do what, as one table (docs/architecture.md §7, with §13–§15 for meetings,
inspections and ratings).

Each action names the roles any one of which allows it. Every app's permissions read their rules
from here (`allowed`, `granted_by`); what needs the object at hand (the unit's head of *which*
unit, the leader who gave *this* task, a delegation on file for "KT.", an administrator's own
authority) stays in the app's permission function, which passes it in as context. The §7 table of
the docs is rendered from this one (`python -m units.access` prints it) and a test checks it is
there verbatim, so code and docs cannot drift (units/tests/test_access_table.py).

Three kinds of role names:

- of the person alone (`PERSON_ROLES`): read from `units.roles.Roles`;
- of the person and a unit (`UNIT_ROLES`): need `unit_id=` in the context (or `ANY_UNIT`: some unit
  of theirs, for "show the button" questions);
- facts about the object only the app can know (`FACTS`): passed in the context as a bool or a
  callable returning one (called only when reached, so a query runs only if needed); a fact not
  passed does not hold.

This module is the lowest of the low: it imports nothing from the project at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .roles import Roles

# ---- role names -------------------------------------------------------------------------------

PERSON_ROLES: dict[str, Callable[[Roles], bool]] = {
    "office": lambda r: r.office,
    "leader": lambda r: r.chairman or r.vice_chairman,
    "chairman": lambda r: r.chairman,
    "home_affairs": lambda r: r.home_affairs,
    # `Roles.administrator` is either of these two: an administrator of the acting authority
    # (Membership.administers, given by the authority above), or a system administrator (superuser).
    "authority_administrator": lambda r: r.administrator and not r.system_administrator,
    "system_administrator": lambda r: r.system_administrator,
}

# The set of unit ids in which the role is held.
UNIT_ROLES: dict[str, Callable[[Roles], frozenset[int]]] = {
    "unit_member": lambda r: r.unit_ids,
    "unit_head": lambda r: r.head_of,
}

FACTS: frozenset[str] = frozenset(
    {
        "delegated_deputy",  # a deputy of the unit with a Delegation in force on the day
        "giver_of_task",  # the leader who gave the task
        "chair_of_meeting",  # the leader who chairs the meeting
    }
)

# How each role reads in the docs; "{unit}" is the rule's `unit` (which unit the unit roles mean).
LABELS: dict[str, str] = {
    "office": "the Office",
    "leader": "the leaders",
    "chairman": "the Chairman",
    "home_affairs": "Organization–Home Affairs",
    "authority_administrator": "the authority's administrators (`Membership.administers`)",
    "system_administrator": "system administrators",
    "unit_member": "any member of {unit}",
    "unit_head": "the head of {unit}",
    "delegated_deputy": 'a deputy of {unit} signing "KT." under a `Delegation`',
    "giver_of_task": "the leader who gave the task",
    "chair_of_meeting": "the meeting's chair",
}

ANY_UNIT: Any = object()  # unit_id=ANY_UNIT: the unit role held in some unit


# ---- the table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    action: str
    # Any one suffices; tried in this order (`granted_by`), so the roles read from `Roles` come
    # before the facts that may need a query.
    roles: tuple[str, ...]
    en: str  # what the action is, as the docs say it
    vi: str  # the same, as the pages say it
    section: str  # of docs/architecture.md
    code: str  # the permission function(s) that read this row
    unit: str = "the unit"  # which unit the unit roles and facts are about
    note: str = ""  # a condition the app adds from the object at hand (shown in the docs)

    @property
    def who(self) -> str:
        who = ", ".join(LABELS[name].format(unit=self.unit) for name in self.roles)
        return f"{who}; {self.note}" if self.note else who


_TABLE: tuple[Rule, ...] = (
    Rule(
        "task.assign",
        ("office", "leader"),
        "record a task and assign it",
        "ghi nhiệm vụ và giao cho đơn vị",
        "7",
        "`tasks.permissions.can_assign`",
    ),
    Rule(
        "submission.prepare",
        ("unit_member",),
        "draft a report, attach files",
        "soạn báo cáo, đính kèm tệp",
        "7",
        "`submissions.permissions.can_prepare` (`can_draft`, `can_edit_report`)",
    ),
    Rule(
        "submission.sign",
        ("unit_head", "delegated_deputy"),
        "sign and submit (task or quarterly report); request an extension, a withdrawal or reassignment; "
        "withdraw the unit's pending request",
        "ký và gửi báo cáo; đề nghị gia hạn",
        "7",
        "`submissions.permissions.signing_mode`",
    ),
    Rule(
        "task_report.decide",
        ("office",),
        "accept / return a task report",
        "tiếp nhận / trả lại báo cáo nhiệm vụ",
        "7",
        "`tasks.permissions.can_decide_report`",
    ),
    Rule(
        "quarterly_report.review",
        ("home_affairs",),
        "accept / return a quarterly report; write the day-25 assessment",
        "tiếp nhận / trả lại báo cáo quý; ghi nhận xét tổng hợp ngày 25",
        "7",
        "`reports.permissions.can_review`",
    ),
    Rule(
        "rollup.issue",
        ("unit_head", "delegated_deputy"),
        "issue the day-25 rollup",
        "ban hành báo cáo tổng hợp ngày 25",
        "7",
        "`reports.permissions.can_issue`",
        unit="Organization–Home Affairs",
    ),
    Rule(
        "extension.decide",
        ("office", "giver_of_task"),
        "approve / refuse an extension, a withdrawal or reassignment",
        "đồng ý / không đồng ý gia hạn",
        "7",
        "`tasks.permissions.can_decide_extension`",
    ),
    Rule(
        "task.follow_up",
        ("office", "giver_of_task"),
        "remind units that have not reported; star a task as a priority",
        "nhắc đơn vị chưa báo cáo; đánh dấu nhiệm vụ trọng tâm",
        "7",
        "`tasks.permissions.can_follow_up`",
    ),
    Rule(
        "task.set_coefficient",
        ("office",),
        "set a task's conversion coefficient for the ratings",
        "đặt hệ số quy đổi của nhiệm vụ",
        "15",
        "`tasks.permissions.can_set_coefficient`",
    ),
    Rule(
        "request.decide",
        ("office", "leader"),
        "decide a unit's request: an extension, a withdrawal or reassignment, a deputy at a meeting "
        "(each kind narrows it: the task's giver, the meeting's chair)",
        "quyết định đề nghị của đơn vị",
        "7",
        "`submissions.permissions.can_decide_requests`",
    ),
    Rule(
        "queue.see",
        ("office", "home_affairs", "leader"),
        "see what waits for a decision (`/queue/`)",
        "xem việc chờ xử lý",
        "7",
        "`reports.queue.has_queue`",
    ),
    Rule(
        "all_units.see",
        ("office", "leader", "home_affairs", "authority_administrator", "system_administrator"),
        "read every unit: the Monday summary, the dashboard, the rollups",
        "xem mọi đơn vị: tổng hợp thứ Hai, bảng theo dõi, báo cáo tổng hợp",
        "7",
        "`units.roles.sees_all_units`",
    ),
    Rule(
        "unit.manage_people",
        ("unit_head", "system_administrator", "authority_administrator"),
        'a unit\'s people: deputies and officers in and out, delegations for "KT."',
        "quản lý cán bộ của đơn vị, ủy quyền ký thay",
        "7",
        "`units.permissions.can_manage_people`",
        note="an authority's administrator for its own units only",
    ),
    Rule(
        "authority.administer",
        ("authority_administrator", "system_administrator"),
        "units, people (heads included), leaders; the Excel onboarding; the administrators of the authorities below",
        "quản trị đơn vị, cán bộ, lãnh đạo; nhập từ Excel; quản trị của cơ quan cấp dưới",
        "17",
        "`units.permissions.can_administer`, `/authority/admin/`",
    ),
    Rule(
        "calendar.keep",
        ("system_administrator", "authority_administrator"),
        "calendar exceptions (the authority's own, applying below it too)",
        "ngày nghỉ, ngày làm bù của cơ quan",
        "17",
        "`units.services.calendar_exception_add`",
        note="an authority's administrator for that authority only",
    ),
    Rule(
        "api_token.issue",
        ("system_administrator", "authority_administrator"),
        "issue and revoke API tokens",
        "cấp, thu hồi khóa API",
        "16",
        "`api.services.token_issue`, `/api/tokens/`",
        note="an authority's administrator to people who work in that authority alone",
    ),
    Rule(
        "meeting.convene",
        ("office", "authority_administrator", "system_administrator"),
        "create a meeting and invite the units' heads",
        "tạo cuộc họp, mời người đứng đầu đơn vị",
        "13",
        "`meetings.permissions.can_convene`",
    ),
    Rule(
        "meeting.record_attendance",
        ("office", "authority_administrator", "system_administrator"),
        "record the heads' attendance",
        "ghi nhận dự họp",
        "13",
        "`meetings.permissions.can_record_attendance`",
    ),
    Rule(
        "deputy_request.ask",
        ("unit_head", "delegated_deputy"),
        "ask to send a deputy to a meeting",
        "xin cử cấp phó dự họp",
        "13",
        "`meetings.permissions.can_ask_for_deputy`",
    ),
    Rule(
        "deputy_request.decide",
        ("office", "authority_administrator", "system_administrator", "chair_of_meeting"),
        "consent to / refuse a deputy in the head's place",
        "đồng ý / không đồng ý cử cấp phó dự họp",
        "13",
        "`meetings.permissions.can_answer`",
    ),
    Rule(
        "inspection.record",
        ("home_affairs", "unit_head"),
        "record an inspection, its violations, measures and disciplinary decisions",
        "ghi cuộc kiểm tra, vi phạm, biện pháp khắc phục, quyết định kỷ luật",
        "14",
        "`inspections.permissions.can_record`",
        unit="the unit inspected",
    ),
    Rule(
        "inspection.see_names",
        ("home_affairs", "leader", "unit_head"),
        "see the names of officials in an inspection (others see “(ẩn tên)”)",
        "xem tên người vi phạm, người bị kỷ luật",
        "14",
        "`inspections.permissions.sees_names`",
        unit="the unit inspected",
    ),
    Rule(
        "rating.see_all",
        ("home_affairs", "leader", "authority_administrator", "system_administrator"),
        "see every rating (others: their unit's as its head, their own)",
        "xem mọi kết quả đánh giá, xếp loại",
        "15",
        "`ratings.permissions.sees_all`",
    ),
    Rule(
        "rating.prepare",
        ("home_affairs",),
        "compute and score the ratings of units and their heads",
        "tính, chấm điểm đánh giá đơn vị và người đứng đầu",
        "15",
        "`ratings.permissions.can_prepare`",
    ),
    Rule(
        "rating.approve",
        ("chairman",),
        "approve (freeze) the rating of a unit or its head",
        "phê duyệt kết quả đánh giá đơn vị, người đứng đầu",
        "15",
        "`ratings.permissions.can_approve`",
    ),
    Rule(
        "rating.prepare_staff",
        ("unit_head",),
        "compute and score the ratings of the unit's own officials",
        "tính, chấm điểm đánh giá công chức của đơn vị",
        "15",
        "`ratings.permissions.can_prepare`",
    ),
    Rule(
        "rating.approve_staff",
        ("unit_head",),
        "approve the ratings of the unit's own officials",
        "phê duyệt kết quả đánh giá công chức của đơn vị",
        "15",
        "`ratings.permissions.can_approve`",
    ),
    Rule(
        "rating.exempt",
        ("leader",),
        "confirm an objective cause (a delay or a return then deducts nothing)",
        "xác nhận nguyên nhân khách quan",
        "15",
        "`ratings.permissions.can_exempt`",
    ),
)

RULES: dict[str, Rule] = {rule.action: rule for rule in _TABLE}


def _check_table() -> None:
    known = PERSON_ROLES.keys() | UNIT_ROLES.keys() | FACTS
    if len(RULES) != len(_TABLE):
        raise ValueError("units.access: an action is listed twice")
    if known != LABELS.keys():
        raise ValueError("units.access: every role name needs its label, and only those")
    for rule in _TABLE:
        unknown = set(rule.roles) - known
        if unknown or not rule.roles:
            raise ValueError(f"units.access: {rule.action} names unknown roles {sorted(unknown)} or none")


_check_table()


# ---- evaluation -------------------------------------------------------------------------------


def _holds(name: str, roles: Roles, context: dict[str, Any]) -> bool:
    if name in PERSON_ROLES:
        return PERSON_ROLES[name](roles)
    if name in UNIT_ROLES:
        held = UNIT_ROLES[name](roles)
        unit_id = context["unit_id"]  # a rule with unit roles needs to know which unit
        return bool(held) if unit_id is ANY_UNIT else unit_id in held
    fact = context.get(name, False)
    return bool(fact() if callable(fact) else fact)


def granted_by(action: str, roles: Roles, *, via: Iterable[str] | None = None, **context: Any) -> str | None:
    """The first of the action's roles (in the table's order) that `roles` hold, or None.

    `via` limits the roles tried to some of the action's own (an inspection recorded *as*
    Organization–Home Affairs); `context` gives `unit_id` for the unit roles and the facts."""
    rule = RULES[action]
    names = rule.roles
    if via is not None:
        via = {via} if isinstance(via, str) else set(via)
        if not via <= set(names):
            raise ValueError(f"units.access: {action} is not allowed to {sorted(via - set(names))}")
        names = tuple(name for name in names if name in via)
    for name in names:
        if _holds(name, roles, context):
            return name
    return None


def allowed(action: str, roles: Roles, *, via: Iterable[str] | None = None, **context: Any) -> bool:
    """May someone with `roles` do `action` (in the context given)? See `granted_by`."""
    return granted_by(action, roles, via=via, **context) is not None


# ---- the docs' table --------------------------------------------------------------------------


def markdown() -> str:
    """The table of docs/architecture.md §7, one row per action, in the table's order."""
    lines = ["| action | what | who (any one of) | read by | § |", "|---|---|---|---|---|"]
    for rule in _TABLE:
        lines.append(f"| `{rule.action}` | {rule.en} | {rule.who} | {rule.code} | {rule.section} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
