"""A unit's quarterly report as a Word file in administrative layout (library.documents)."""

from __future__ import annotations

import re
from datetime import date

from django.utils import timezone

from library.documents import AdministrativeDocument, Letterhead, Signature, number_vi
from library.formfields import format_number
from library.letterhead import level_of
from library.workcalendar import Quarter
from library.xlsx import Percent, Sheet, build_sheets
from tasks.models import DUE_FORMULA, ON_TIME_RATE_FORMULA, UPDATE_RATE_FORMULA, Category, Status
from units.models import Authority, SpecialRole, Unit
from units.selectors import special_unit_name, work_calendar

from .models import QuarterlyReport
from .selectors import completion_readable, reviewer_name


def quarterly_subject(report: QuarterlyReport) -> str:
    directive = report.template.directive
    return (
        f"Kết quả thực hiện {directive.get_kind_display()} số {directive.number} ngày "
        f"{directive.issued_on:%d/%m/%Y}\n{Quarter.parse(report.quarter).label}"
    )


def _closing_line(unit, authority: Authority | None) -> str:
    """ "Phòng Tư pháp kính báo cáo Chủ tịch UBND huyện./." (UBND xã … for a commune)."""
    who = f"UBND {unit.name[0].lower()}{unit.name[1:]}" if unit.is_local_government else unit.name
    to = f"Chủ tịch {authority.name}" if authority else "Chủ tịch Ủy ban nhân dân"
    return f"{who} kính báo cáo {to}./."


def quarterly_report_docx(report: QuarterlyReport) -> bytes:
    """Header of the unit (a commune's People's Committee in its own name), "BÁO CÁO" on the
    directive for the quarter, a numbered section per item with its figures, then the unit's task
    completion for the Decree 09 period as the last numbered section, the closing line, the
    signature as the signer's position ("KT." when a deputy signed) and Nơi nhận."""
    authority = report.unit.authority
    quarter = Quarter.parse(report.quarter)
    dates = work_calendar().quarter_dates(quarter)
    unit = report.unit
    subject = quarterly_subject(report)
    name = report.signed_by.get_full_name() if report.signed_by else ""
    moment = report.submitted_at or report.updated_at
    doc = AdministrativeDocument(title=subject.replace("\n", " "), author=name or unit.name, moment=moment)
    doc.header(Letterhead.of(unit, day=report.submitted_on or dates.unit_deadline, number=report.document_number))
    doc.title("Báo cáo", subject)
    doc.paragraph(f"Kính gửi: Chủ tịch {authority.full_name if authority else ''}.", indent=False, center=True)
    doc.paragraph(
        f"Kỳ báo cáo: số liệu từ ngày {quarter.cutoff_start:%d/%m/%Y} đến ngày {quarter.cutoff_end:%d/%m/%Y}.",
        italic=True,
    )
    last = 0
    for part in report.body():
        last = max(last, part.section.order)
        doc.heading(f"{part.section.order}. {part.section.title}")
        for paragraph in [p for p in part.text.split("\n") if p.strip()] or ["(Không có nội dung.)"]:
            doc.paragraph(paragraph)
        if part.figures:
            doc.table(
                ["Chỉ tiêu", "Số liệu"],
                [[i.label, shown] for i, shown in part.figures],
                [130, 35],
                size=11,
                center_columns={1},
            )
    counts = report.task_counts or {}
    level = level_of(authority.name)
    doc.heading(f"{last + 1}. Tình hình thực hiện nhiệm vụ UBND, Chủ tịch UBND {level} giao trong kỳ")
    # "Không giao thời hạn" is a column only when the unit has such tasks (the table keeps its
    # five status columns otherwise); a withdrawn task is not the unit's and is never counted.
    shown = [s for s in Status if s != Status.WITHDRAWN and (s != Status.NO_DEADLINE or counts.get(s))]
    doc.table(
        ["Tổng số", *[str(s.label) for s in shown]],
        [[counts.get("total", 0), *[counts.get(s, 0) for s in shown]]],
        [25, *([140 // len(shown)] * len(shown))],
        size=11,
    )
    doc.paragraph(_closing_line(unit, authority))
    doc.closing(
        recipients=[f"Chủ tịch UBND {level} (báo cáo);", f"{reviewer_name(authority)} (tổng hợp);", "Lưu: VT"],
        signature=Signature.of(unit, signing_mode=report.signing_mode, title=report.signer_title, name=name),
    )
    return doc.save()


STATUS_LABELS = {"on_time": "Đúng hạn", "late": "Trễ hạn", "missing": "Chưa gửi", "returned": "Bị trả lại"}


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return number_vi(value) if isinstance(value, int) else str(value)


def _count(value) -> int | str:
    return "—" if value is None else value


def _rate(value) -> str:
    """A rate in a document: "92,5%", or "—" when nothing was due."""
    return "—" if value is None else f"{format_number(value, decimal_places=1)}%"


def quarterly_file_name(report: QuarterlyReport) -> str:
    """ "bao-cao-quy-III-2026-XA-TAN-TRAO-lan-1", with "-so-02-BC-UBND" once signed and numbered."""
    name = f"bao-cao-{Quarter.parse(report.quarter).file_part}-{report.unit.code}-lan-{report.version}"
    return f"{name}-{_number_part(report.document_number)}" if report.document_number else f"{name}-du-thao"


def _number_part(number: str) -> str:
    """ "07/BC-TCNV" → "so-07-BC-TCNV" (letters a file name keeps; Đ → D)."""
    plain = number.replace("/", "-").replace("Đ", "D").replace("đ", "d")
    return "so-" + re.sub(r"[^0-9A-Za-z-]+", "-", plain).strip("-")


def rollup_file_name(rollup) -> str:
    """ "tong-hop-quy-III-2026-lan-1-du-thao" while a draft; "tong-hop-quy-III-2026-lan-1-so-07-BC-TCNV" issued."""
    name = f"tong-hop-{Quarter.parse(rollup.quarter).file_part}-lan-{rollup.version}"
    if rollup.status == "issued" and rollup.document_number:
        return f"{name}-{_number_part(rollup.document_number)}"
    return f"{name}-du-thao" if rollup.status != "issued" else name


def rollup_pdf_key(rollup) -> str:
    """The state a rollup's PDF is of: an issued version never changes; a draft at each revision."""
    return f"rollup:{rollup.pk}:issued" if rollup.status == "issued" else f"rollup:{rollup.pk}:r{rollup.revision}"


def rollup_subject(rollup) -> str:
    directive = rollup.data.get("directive", "Chỉ thị")
    return f"Tổng hợp kết quả thực hiện {directive}\n{Quarter.parse(rollup.quarter).label}"


def rollup_docx(rollup) -> bytes:
    """The day-25 consolidated report of Organization–Home Affairs to the Chairman: "DỰ THẢO" and no
    number while a draft; once issued, its number in the body's register and the signer's position."""

    authority = rollup.authority
    quarter = Quarter.parse(rollup.quarter)
    home_affairs = (
        Unit.objects.filter(authority=authority, special_role=SpecialRole.HOME_AFFAIRS)
        .select_related("authority")
        .first()
    )
    data = rollup.data
    day = (rollup.issued_at and timezone.localdate(rollup.issued_at)) or work_calendar().quarter_dates(
        quarter
    ).rollup_date_effective
    name = rollup.signed_by.get_full_name() if rollup.signed_by else ""
    subject = rollup_subject(rollup)
    doc = AdministrativeDocument(
        title=subject.replace("\n", " "),
        author=name or (home_affairs.name if home_affairs else ""),
        moment=rollup.issued_at or rollup.generated_at,
    )
    if home_affairs is not None:
        doc.header(Letterhead.of(home_affairs, day=day, number=rollup.document_number))
        signature = Signature.of(home_affairs, signing_mode=rollup.signing_mode, title=rollup.signer_title, name=name)
    else:
        doc.header(
            Letterhead(
                parent=authority.name if authority else "",
                issuer="Cơ quan Tổ chức - Nội vụ",
                number=rollup.document_number,
                symbol="BC-TCNV",
                place=authority.place if authority else "",
                day=day,
            )
        )
        signature = Signature(title=rollup.signer_title or "Trưởng cơ quan", name=name)
    if rollup.status != "issued":
        doc.paragraph(f"DỰ THẢO (lần {rollup.version})", bold=True, indent=False, center=True)
    doc.title("Báo cáo", subject)
    doc.paragraph(f"Kính gửi: Chủ tịch {authority.full_name if authority else ''}.", indent=False, center=True)
    rows = data.get("submissions", [])
    counts = {k: sum(1 for r in rows if r["status"] == k) for k in STATUS_LABELS}
    doc.heading("I. TÌNH HÌNH GỬI BÁO CÁO")
    doc.paragraph(
        f"Tổng số {number_vi(len(rows))} cơ quan, đơn vị, UBND xã, thị trấn: {number_vi(counts['on_time'])} gửi "
        f"đúng hạn, {number_vi(counts['late'])} gửi trễ hạn, "
        f"{number_vi(counts['returned'])} bị trả lại chưa hoàn thiện, {number_vi(counts['missing'])} chưa gửi."
    )
    for key in ("missing", "late", "returned"):
        names = [r["unit"] for r in rows if r["status"] == key]
        if names:
            doc.paragraph(f"- {STATUS_LABELS[key]}: {', '.join(names)}.")
    doc.heading("II. KẾT QUẢ THỰC HIỆN THEO TỪNG NỘI DUNG CỦA CHỈ THỊ")
    doc.paragraph(
        "Số liệu tổng hợp từ các báo cáo đã được chấp nhận (tỷ lệ % là bình quân; chỉ tiêu có/không là số đơn vị trả "
        "lời có).",
        italic=True,
    )
    indicators = data.get("indicators", [])
    if indicators:
        doc.table(
            ["Điểm", "Chỉ tiêu", "Cơ quan, đơn vị", "UBND xã, TT", "Tổng"],
            [[i["section"], i["label"], _fmt(i["agencies"]), _fmt(i["communes"]), _fmt(i["all"])] for i in indicators],
            [13, 88, 22, 22, 20],
            size=10,
            center_columns={0, 2, 3, 4},
        )
    doc.heading("III. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO")
    doc.paragraph(
        f"Nhiệm vụ có hạn xử lý trong kỳ số liệu từ ngày {quarter.cutoff_start:%d/%m/%Y} đến ngày "
        f"{quarter.cutoff_end:%d/%m/%Y}, tình hình đến ngày {timezone.localdate(rollup.generated_at):%d/%m/%Y}, "
        "phân loại theo Văn phòng Chính phủ; xếp theo tỷ lệ cập nhật."
    )
    rows = completion_readable(data.get("completion", []))
    completion = [r for r in rows if r["due"]]
    # Tasks given without a deadline get their own column, only when some unit has one (docs §4).
    undated = any(r.get(Category.NO_DEADLINE) for r in completion)
    if completion:
        doc.table(
            [
                "TT",
                "Đơn vị",
                "Đã đến hạn",
                "Hoàn thành đúng hạn",
                "Hoàn thành trễ hạn",
                "Quá hạn chưa hoàn thành",
                *(["Không giao thời hạn"] if undated else []),
                "Tỷ lệ cập nhật",
                "Tỷ lệ đúng hạn",
            ],
            [
                [
                    n,
                    r["unit"],
                    r["due"],
                    # Counts centred as numbers; "—" where a rollup stored before the categories has no split.
                    _count(r["done_on_time"]),
                    _count(r["done_late"]),
                    r["overdue"],
                    *([r.get(Category.NO_DEADLINE) or 0] if undated else []),
                    _rate(r["update_rate"]),
                    _rate(r["on_time_rate"]),
                ]
                for n, r in enumerate(completion, start=1)
            ],
            [9, 38, 14, 17, 17, 17, 17, 18, 18] if undated else [9, 46, 16, 19, 19, 19, 19, 18],
            size=10,
            center_columns={3, 4, 7, 8} if undated else {3, 4, 6, 7},
        )
        for formula in (UPDATE_RATE_FORMULA, ON_TIME_RATE_FORMULA, DUE_FORMULA):
            doc.paragraph(f"{formula}.", italic=True)
    else:
        doc.paragraph("Không có nhiệm vụ đến hạn trong kỳ.")
    nothing_due = [r["unit"] for r in rows if not r["due"]]
    if completion and nothing_due:
        doc.paragraph(
            f"Chưa có nhiệm vụ đến hạn trong kỳ ({number_vi(len(nothing_due))} đơn vị): {'; '.join(nothing_due)}."
        )
    doc.heading("IV. NHẬN XÉT, ĐÁNH GIÁ VÀ KIẾN NGHỊ")
    for paragraph in [p for p in rollup.commentary.split("\n") if p.strip()] or ["(Chưa có nhận xét.)"]:
        doc.paragraph(paragraph)
    doc.paragraph(
        f"{home_affairs.name if home_affairs else 'Cơ quan Tổ chức - Nội vụ'} kính báo cáo Chủ tịch "
        f"{authority.name if authority else 'Ủy ban nhân dân'}./."
    )
    doc.closing(
        recipients=[
            f"Chủ tịch, các PCT UBND {level_of(authority.name)} (báo cáo);",
            f"{special_unit_name(authority, SpecialRole.OFFICE, 'Văn phòng HĐND và UBND')};",
            "Lưu: VT.",
        ],
        signature=signature,
    )
    return doc.save()


def rollup_xlsx(rollup) -> bytes:
    """Two tables, a sheet each: per unit (submission status, the date sent as a date, task
    completion, rates in %); then the indicator totals (agencies, communes, all)."""

    data = rollup.data
    completion = {r["unit"]: r for r in completion_readable(data.get("completion", []))}
    undated = any(r.get(Category.NO_DEADLINE) for r in completion.values())
    rows = []
    for r in data.get("submissions", []):
        c = completion.get(r["unit"], {})
        rows.append(
            [
                r["unit"],
                "UBND xã, TT" if r["local"] else "Cơ quan, đơn vị",
                STATUS_LABELS[r["status"]],
                date.fromisoformat(r["submitted_on"]) if r["submitted_on"] else None,
                c.get("due"),
                c.get("done_on_time"),
                c.get("done_late"),
                c.get("overdue"),
                *([c.get(Category.NO_DEADLINE) or 0] if undated and c else [None] if undated else []),
                None if c.get("update_rate") is None else Percent(c["update_rate"]),
                None if c.get("on_time_rate") is None else Percent(c["on_time_rate"]),
            ]
        )
    indicators = [
        [f"Điểm {i['section']}", i["label"], i["agencies"], i["communes"], i["all"]] for i in data.get("indicators", [])
    ]
    label = f"{Quarter.parse(rollup.quarter).label} (lần {rollup.version})"
    subtitle = f"Bản đã ban hành, số {rollup.document_number}" if rollup.status == "issued" else "Dự thảo"
    return build_sheets(
        [
            Sheet(
                title=f"Tổng hợp kết quả thực hiện Chỉ thị theo đơn vị — {label}",
                subtitle=subtitle,
                headers=[
                    "Đơn vị",
                    "Loại",
                    "Báo cáo quý",
                    "Ngày gửi",
                    "Nhiệm vụ đã đến hạn",
                    "Hoàn thành đúng hạn",
                    "Hoàn thành trễ hạn",
                    "Quá hạn chưa hoàn thành",
                    *(["Không giao thời hạn"] if undated else []),
                    "Tỷ lệ cập nhật",
                    "Tỷ lệ đúng hạn",
                ],
                rows=rows,
                widths=[40, 16, 14, 12, 12, 12, 12, 12, *([12] if undated else []), 12, 12],
                name="Theo đơn vị",
            ),
            Sheet(
                title=f"Số liệu tổng hợp theo chỉ tiêu — {label}",
                subtitle=subtitle,
                headers=["Điểm", "Chỉ tiêu", "Cơ quan, đơn vị", "UBND xã, TT", "Tổng"],
                rows=indicators,
                widths=[10, 70, 16, 16, 14],
                name="Theo chỉ tiêu",
            ),
        ]
    )
