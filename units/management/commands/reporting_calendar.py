"""`manage.py reporting_calendar --year YYYY`: the year's quarter deadlines and Monday-summary dates."""

from __future__ import annotations

import json

from library.cli import ChithiCommand
from library.workcalendar import MAX_YEAR, MIN_YEAR, year_calendar
from units.selectors import work_calendar

QUARTER_FIELDS = [
    "quarter",
    "cutoff_start",
    "cutoff_end",
    "unit_deadline",
    "unit_deadline_effective",
    "rollup_date",
    "rollup_date_effective",
]
WEEK_FIELDS = ["week", "monday", "delivery"]


def _year(text: str) -> int:
    import argparse

    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise argparse.ArgumentTypeError(f"năm không hợp lệ: {text!r} (cần một năm từ {MIN_YEAR} đến {MAX_YEAR})")
    return int(text)


class Command(ChithiCommand):
    help = "In lịch báo cáo của một năm: hạn báo cáo quý (ngày 20, ngày 25) và ngày gửi báo cáo thứ hai hằng tuần."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=_year, required=True, help="Năm, ví dụ 2026")
        parser.add_argument("--format", choices=["tsv", "json"], default="tsv", help="tsv (mặc định) hoặc json")

    def handle(self, *args, year: int, format: str, **options):
        data = year_calendar(work_calendar(), year)
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write("\t".join(["kind", *QUARTER_FIELDS]))
        for row in data["quarters"]:
            self.stdout.write("\t".join(["quarter", *(str(row[f]) for f in QUARTER_FIELDS)]))
        self.stdout.write("\t".join(["kind", *WEEK_FIELDS]))
        for row in data["weeks"]:
            self.stdout.write("\t".join(["week", *(row[f] or "" for f in WEEK_FIELDS)]))
