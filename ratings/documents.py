"""A period's ratings as documents (docs §15): a Word report of Organization–Home Affairs to the
Chairman in administrative layout (library.documents) and an .xlsx with the same columns; both from the
stored ratings, so a frozen rating prints as it was approved."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from library.documents import AdministrativeDocument, Letterhead, Signature, number_vi
from library.xlsx import Score
from units.models import Authority, SpecialRole, today_local
from units.selectors import special_unit_and_head

from .models import Band, Subject, period_label
from .selectors import band_counts, cap_checks, heads_of, period_rows

DOCUMENT_GROUPS = {
    "communes": "xã, phường, thị trấn",
    "agencies": "cơ quan chuyên môn, đơn vị",
    "staff": "cán bộ, công chức của đơn vị",
}


def decimal_vi(value: Decimal | None) -> str:
    """68.54 → "68,54"; 70.00 → "70"; None → "—"."""
    if value is None:
        return "—"
    text = f"{value.quantize(Decimal('0.01')):f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(".", ",")


def _who(row: dict, subject: str) -> str:
    if subject == Subject.UNIT:
        return row["unit"].name
    if subject == Subject.STAFF:
        return row["person"].get_full_name()
    return f"{row['rating'].person_name if row['rating'] else ''}\n{row['unit'].name}".strip()


def table_rows(rows: list[dict], subject: str, *, as_text: bool = True) -> list[list]:
    """One line per unit, unit head or official of `rows` (selectors.period_rows): the percentages,
    the two parts, the total, the band; the figures as Vietnamese text (Word) or as numbers (Excel)."""
    fmt = decimal_vi if as_text else (lambda v: None if v is None else Score(v))
    out = []
    for n, row in enumerate(rows, start=1):
        r = row["rating"]
        who = _who(row, subject)
        if r is None:
            out.append([n, who, *([fmt(None)] * 6), "Chưa lập đề xuất"])
            continue
        a, b, c = r.percentages
        if r.band:
            band = Band(r.band).label
        elif r.task_points_used is None:
            band = "Chưa có điểm kết quả nhiệm vụ"
        else:
            band = "Chưa chấm tiêu chí chung"
        if r.band and not r.frozen:
            band += " (đề xuất)"
        out.append(
            [
                n,
                who,
                fmt(a),
                fmt(b),
                fmt(c),
                fmt(r.task_points_used),
                fmt(r.common_points),
                fmt(r.total),
                band,
            ]
        )
    return out


HEADERS = [
    "STT",
    "Đơn vị",
    "Số lượng (%)",
    "Chất lượng (%)",
    "Tiến độ (%)",
    "Kết quả thực hiện nhiệm vụ (70)",
    "Tiêu chí chung (30)",
    "Tổng điểm",
    "Xếp loại",
]


WHO = {Subject.UNIT: "Đơn vị", Subject.HEAD: "Người đứng đầu, đơn vị", Subject.STAFF: "Họ và tên"}


def headers(subject: str) -> list[str]:
    return [*HEADERS[:1], WHO[subject], *HEADERS[2:]]


def file_name(year: int, quarter: int, subject: str, ext: str, unit=None) -> str:
    period = f"quy-{quarter}-{year}" if quarter else f"nam-{year}"
    who = {Subject.UNIT: "don-vi", Subject.HEAD: "nguoi-dung-dau", Subject.STAFF: "can-bo-cong-chuc"}[subject]
    where = f"-{unit.code.lower()}" if unit is not None and subject == Subject.STAFF else ""
    return f"danh-gia-xep-loai-{who}{where}-{period}.{ext}"


def ratings_docx(user, year: int, quarter: int, subject: str, unit=None) -> tuple[str, bytes]:
    """Units and heads: a report of Organization–Home Affairs to the Chairman. A unit's officials: a
    report of the unit, signed by its head, to Organization–Home Affairs."""
    authority = Authority.current()
    label = period_label(year, quarter)
    if subject == Subject.STAFF:
        issuer, head = unit, heads_of([unit.pk]).get(unit.pk)
        whom = f"cán bộ, công chức {unit.name}"
        to = "Kính gửi: Cơ quan Tổ chức - Nội vụ."
        by = unit.name
    else:
        issuer, head = special_unit_and_head(SpecialRole.HOME_AFFAIRS)
        whom = "người đứng đầu các cơ quan, đơn vị" if subject == Subject.HEAD else "các cơ quan, đơn vị"
        to = "Kính gửi: Chủ tịch Ủy ban nhân dân."
        by = "cơ quan Tổ chức - Nội vụ"
    subject_line = f"Kết quả đánh giá, xếp loại chất lượng {whom} {label}"
    doc = AdministrativeDocument(
        landscape=True, title=subject_line, author=issuer.name if issuer else "", moment=timezone.now()
    )
    if issuer is not None:
        doc.header(Letterhead.of(issuer, day=today_local()))
        signature = Signature.of(issuer, signing_mode="", name=head.get_full_name() if head else "")
    else:
        doc.header(
            Letterhead(
                parent=authority.name if authority else "",
                issuer="Phòng Nội vụ",
                number="",
                symbol="BC-NV",
                place=authority.place if authority else "",
                day=today_local(),
            )
        )
        signature = Signature(title="Trưởng phòng")
    doc.title("Báo cáo", subject_line)
    doc.paragraph(to, indent=False, center=True)
    doc.paragraph(
        "Thực hiện điểm 4 Chỉ thị số 01/CT-UBND và Nghị định số 335/2025/NĐ-CP của Chính phủ về đánh giá, xếp loại "
        f"chất lượng đối với cơ quan hành chính nhà nước và công chức, {by} báo cáo kết quả "
        f"đánh giá, xếp loại {whom} {label} như sau. Điểm kết quả thực hiện nhiệm vụ tính từ số lượng, chất lượng "
        "và tiến độ các nhiệm vụ được giao trong kỳ (đã quy đổi theo hệ số), bằng trung bình cộng ba tỷ lệ nhân 70%; "
        "điểm tiêu chí chung tối đa 30 điểm."
    )
    rows = period_rows(user, year, quarter, subject, unit)
    widths = [12, 62, 20, 20, 20, 26, 22, 18, 48]
    doc.table(headers(subject), table_rows(rows, subject), widths, size=10, center_columns={2, 3, 4, 5, 6, 7})
    counts = band_counts(rows)
    doc.paragraph("Tổng hợp: " + "; ".join(f"{Band(b).label}: {number_vi(n)}" for b, n in counts.items()) + ".")
    for group, check in cap_checks(year, quarter, subject, unit.pk if unit else None).items():
        if check.exceeded:
            doc.paragraph(
                f"Lưu ý ({DOCUMENT_GROUPS[group]}): {check.excellent} đề xuất Hoàn thành xuất sắc, "
                f"vượt giới hạn {check.cap} (20% của {check.good} Hoàn thành tốt)."
            )
    doc.closing(recipients=["Như trên", "Lưu: VT"], signature=signature)
    return file_name(year, quarter, subject, "docx", unit), doc.save()
