"""Demo ratings (item 4), made once: this quarter's proposals for every unit and every head, computed
from the demo tasks due so far; Organization–Home Affairs has scored the common criteria of the four
best and the Chairman has approved one where the demo gives one to approve; the chair of Tân Trào has
rated his commune's officials, so each step can be seen."""

from __future__ import annotations

from decimal import Decimal

from library.workcalendar import Quarter
from units.demo import DISTRICT, Cast
from units.models import Authority, Unit, User, today_local

from . import services
from .models import Band, Rating, Subject

NOTES = [
    "Chấp hành nghiêm chủ trương, pháp luật; kỷ luật, kỷ cương hành chính tốt; không có đơn thư phản ánh.",
    "Chấp hành tốt; còn chậm cập nhật văn bản trên hệ thống quản lý văn bản.",
]


def load(authority: Authority, units: dict[str, Unit], cast: Cast = DISTRICT) -> None:
    if Rating.objects.filter(authority=authority).exists():
        return
    reviewer = User.objects.get(username=cast.reviewer)
    chairman = User.objects.get(username=cast.chairman)
    quarter = Quarter.containing(today_local())
    period = {"year": quarter.year, "quarter": quarter.number}
    for subject in (Subject.UNIT, Subject.HEAD):
        services.ratings_propose(actor=reviewer, subject=subject, **period)
    proposals = Rating.objects.filter(subject=Subject.UNIT, **period).exclude(task_points=None)
    for n, rating in enumerate(proposals.order_by("-task_points", "unit__sort_order", "unit__name")[:4]):
        services.rating_score(
            actor=reviewer,
            rating=rating,
            revision=rating.revision,
            common_points=Decimal("26") if n % 2 == 0 else Decimal("22.5"),
            common_note=NOTES[n % 2],
        )
    # The heads of the two model communes are scored too, so their quarterly reports start item 4 from data.
    for code, _chair in cast.communes:
        head = Rating.objects.filter(subject=Subject.HEAD, unit__code=code, **period).first()
        if head is not None and head.common_points is None:
            services.rating_score(
                actor=reviewer, rating=head, revision=head.revision, common_points=Decimal("24"), common_note=NOTES[1]
            )
    # The chair of Tân Trào rates his commune's officials: proposals, one scored.
    first_code, first_chair = cast.communes[0]
    chair = User.objects.filter(username=first_chair).first()
    if chair is not None and first_code in units:
        services.ratings_propose(actor=chair, subject=Subject.STAFF, unit=units[first_code], **period)
        first = Rating.objects.filter(subject=Subject.STAFF, unit=units[first_code], **period).first()
        if first is not None:
            services.rating_score(
                actor=chair,
                rating=first,
                revision=first.revision,
                common_points=Decimal("24"),
                common_note="Chấp hành tốt nội quy, quy chế làm việc; thái độ phục vụ nhân dân tốt.",
            )
    scored = Rating.objects.filter(subject=Subject.UNIT, band__in=[Band.GOOD, Band.DONE], **period)
    first = scored.order_by("unit__sort_order", "unit__name").first()
    if first is not None:
        services.rating_approve(actor=chairman, rating=first, revision=first.revision)
