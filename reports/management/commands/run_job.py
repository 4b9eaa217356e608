"""`manage.py run_job <job> …`: run a periodic job by hand for any period, through the same code as
the scheduled job (backfill, re-run with --force). It lives in the topmost app because it reaches
every app's jobs.

    run_job weekly-summary --as-of 2026-11-23      (the ISO week containing that day)
    run_job weekly-summary --week 2026-W48 [--force]
"""

from __future__ import annotations

from datetime import date

from tasks.weekly import weekly_summary_run
from units.cli import ChithiCommand, OneLineParser
from units.models import today_local
from units.workcalendar import Week


class Command(ChithiCommand):
    help = "Chạy một việc định kỳ cho một kỳ bất kỳ (chạy bù, chạy lại với --force)."

    def add_arguments(self, parser):
        jobs = parser.add_subparsers(dest="job", required=True, metavar="JOB", parser_class=OneLineParser)
        weekly = jobs.add_parser("weekly-summary", help="Báo cáo thứ hai hằng tuần", called_from_command_line=parser.called_from_command_line)
        when = weekly.add_mutually_exclusive_group(required=True)
        when.add_argument("--as-of", help="một ngày YYYY-MM-DD: tuần chứa ngày đó")
        when.add_argument("--week", help="tuần ISO, ví dụ 2026-W48")
        weekly.add_argument("--force", action="store_true", help="lập lại, giữ bản cũ trong lịch sử")

    def handle(self, *args, job: str, **options):
        if job == "weekly-summary":
            week = self._week(options)
            if week.monday > today_local():
                self.fail(f"tuần {week.key} chưa bắt đầu (thứ hai {week.monday:%d/%m/%Y}); không lập báo cáo cho tuần tương lai")
            self.stdout.write(weekly_summary_run(week=week, force=options["force"]).line)

    def _week(self, options) -> Week:
        try:
            if options["week"]:
                return Week.parse(options["week"])
            return Week.containing(date.fromisoformat(options["as_of"]))
        except ValueError as error:
            if options["week"]:
                self.fail(str(error))
            self.fail(f"ngày không hợp lệ: {options['as_of']!r} (dạng đúng: YYYY-MM-DD)")
