"""The Decree 335/2025/NĐ-CP method, as this app applies it to the task record (docs §15). Pure
functions over plain values: the selectors gather the products, the services store the result.

- Each product (an assignment falling due in the period, or given without a deadline and completed
  in it; withdrawn ones never) weighs its task's conversion coefficient.
- Quantity (a) = completed ÷ assigned; quality (b) = completed products, each less 25% per content
  return (a return on the grounds "chất lượng thấp" or "chưa làm rõ sự phù hợp với quy định"),
  ÷ assigned; progress (c) = completed products, each less 25% for its delay (reported after its
  effective deadline), ÷ assigned. A leader-confirmed objective cause exempts a delay or a return.
- Task-results points = (a + b + c) ÷ 3 × 70%, on the 70 the decree gives them; the common
  criteria (≤ 30) are the rater's; the total gives the band; discipline of khiển trách or more in
  the year gives "Không hoàn thành nhiệm vụ"; Xuất sắc at most 20% of those rated Tốt in a group.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from submissions.models import ReturnReason

from .models import Band

TASK_PART = Decimal("70")
COMMON_PART = Decimal("30")
DEDUCTION = Decimal("0.25")
EXCELLENT_SHARE = Decimal("0.20")
CONTENT_REASONS = frozenset({ReturnReason.LOW_QUALITY, ReturnReason.NO_LEGAL_ANALYSIS})
BANDS = ((Decimal("90"), Band.EXCELLENT), (Decimal("70"), Band.GOOD), (Decimal("50"), Band.DONE))
_CENT = Decimal("0.01")


def points(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """A Decimal as stored in a product line: "0.75", "1", "2.5"."""
    return format(value.normalize(), "f")


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if not whole else points(part * 100 / whole)


@dataclass
class Product:
    """One product of the period, as the rating page lists it and the frozen rating keeps it."""

    assignment_id: int
    task_id: int
    subject: str
    coefficient: Decimal
    deadline: date | None
    completed_on: date | None
    reported_on: date | None
    content_returns: list[int]  # the returned report versions' ids (content grounds)
    exempt_returns: list[int]
    delay_exempt: bool

    @property
    def completed(self) -> bool:
        return self.completed_on is not None

    @property
    def late(self) -> bool:
        return self.completed and self.deadline is not None and self.reported_on > self.deadline

    @property
    def counted_returns(self) -> int:
        return len(set(self.content_returns) - set(self.exempt_returns))

    @property
    def counted_delays(self) -> int:
        return 1 if self.late and not self.delay_exempt else 0

    def _less(self, deductions: int) -> Decimal:
        return self.coefficient * max(Decimal(0), 1 - DEDUCTION * deductions) if self.completed else Decimal(0)

    @property
    def quantity_points(self) -> Decimal:
        return self.coefficient if self.completed else Decimal(0)

    @property
    def quality_points(self) -> Decimal:
        return self._less(self.counted_returns)

    @property
    def progress_points(self) -> Decimal:
        return self._less(self.counted_delays)

    def as_json(self) -> dict:
        return {
            "assignment": self.assignment_id,
            "task": self.task_id,
            "subject": self.subject,
            "coefficient": plain(self.coefficient),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "completed_on": self.completed_on.isoformat() if self.completed_on else None,
            "reported_on": self.reported_on.isoformat() if self.reported_on else None,
            "late": self.late,
            "content_returns": self.content_returns,
            "exempt_returns": self.exempt_returns,
            "delay_exempt": self.delay_exempt,
            "quantity": plain(self.quantity_points),
            "quality": plain(self.quality_points),
            "progress": plain(self.progress_points),
        }


@dataclass
class TaskResult:
    assigned: Decimal
    completed: Decimal
    quality: Decimal
    progress: Decimal

    @property
    def task_points(self) -> Decimal | None:
        """(a + b + c) ÷ 3 × 70%, from the unrounded percentages; None with nothing assigned."""
        if not self.assigned:
            return None
        mean = (self.completed + self.quality + self.progress) * 100 / (3 * self.assigned)
        return points(mean * TASK_PART / 100)


def task_result(products: list[Product]) -> TaskResult:
    return TaskResult(
        assigned=sum((p.coefficient for p in products), Decimal(0)),
        completed=sum((p.quantity_points for p in products), Decimal(0)),
        quality=sum((p.quality_points for p in products), Decimal(0)),
        progress=sum((p.progress_points for p in products), Decimal(0)),
    )


def band_for(total: Decimal | None, *, disciplined: bool = False, lowered_for_cap: bool = False) -> str:
    """The band of a total; "" while the total is incomplete. Discipline in the year forces
    "Không hoàn thành"; a rater lowering for the cap turns Xuất sắc into Tốt."""
    if disciplined:
        return Band.FAILED
    if total is None:
        return ""
    band = next((band for floor, band in BANDS if total >= floor), Band.FAILED)
    return Band.GOOD if band == Band.EXCELLENT and lowered_for_cap else band


def excellent_cap(good: int) -> int:
    """How many Xuất sắc a group may have: 20% of those rated Tốt in it, rounded down."""
    return int(EXCELLENT_SHARE * good)
