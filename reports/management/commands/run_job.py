"""`manage.py run_job <job> …`: run a periodic job by hand for any period, through the same code as
the scheduled job (backfill, re-run with --force). It lives in the topmost app because it reaches
every app's jobs.

    run_job weekly-summary --as-of 2026-11-23      (the ISO week containing that day)
    run_job weekly-summary --week 2026-W48 [--force]
    run_job quarter-submissions --quarter 2026Q3 [--force]     (the day-20 record)
    run_job quarter-rollup --quarter 2026Q3 [--force]          (the day-25 draft)
    run_job export --id 12                                     (a large Excel export, units.exports)
Periodic jobs run for every authority (each line then starts with its code), or for one with
--authority CODE (docs/architecture.md §17).
"""

from __future__ import annotations

from datetime import date

from library.cli import ChithiCommand, OneLineParser
from library.workcalendar import Quarter, Week
from reports.services.periodic import quarter_rollup_run, quarter_submissions_run
from tasks.services.weekly import weekly_summary_run
from units.acting import acting_in
from units.exports import build
from units.models import Authority, today_local


class Command(ChithiCommand):
    help = "Chạy một việc định kỳ cho một kỳ bất kỳ (chạy bù, chạy lại với --force)."

    def add_arguments(self, parser):
        parser.add_argument("--authority", help="mã cơ quan ban hành (mặc định: mọi cơ quan)")
        jobs = parser.add_subparsers(dest="job", required=True, metavar="JOB", parser_class=OneLineParser)
        weekly = jobs.add_parser(
            "weekly-summary", help="Báo cáo thứ hai hằng tuần", called_from_command_line=parser.called_from_command_line
        )
        when = weekly.add_mutually_exclusive_group(required=True)
        when.add_argument("--as-of", help="một ngày YYYY-MM-DD: tuần chứa ngày đó")
        when.add_argument("--week", help="tuần ISO, ví dụ 2026-W48")
        weekly.add_argument("--force", action="store_true", help="lập lại, giữ bản cũ trong lịch sử")
        for name, help_text in (
            ("quarter-submissions", "Tổng hợp tình hình gửi báo cáo quý (ngày 20)"),
            ("quarter-rollup", "Dự thảo báo cáo tổng hợp quý (ngày 25)"),
        ):
            job = jobs.add_parser(name, help=help_text, called_from_command_line=parser.called_from_command_line)
            job.add_argument("--quarter", required=True, help="quý, ví dụ 2026Q3")
            job.add_argument("--force", action="store_true", help="lập lại, giữ bản cũ trong lịch sử")

        export = jobs.add_parser(
            "export", help="Tạo tệp Excel lớn đã được yêu cầu", called_from_command_line=parser.called_from_command_line
        )
        export.add_argument("--id", type=int, required=True, help="số của yêu cầu (trang /exports/<số>/)")

    def handle(self, *args, job: str, **options):
        if job == "export":
            done = build(options["id"])
            if done is None:
                self.fail(f"không có yêu cầu xuất tệp số {options['id']}")
            self.stdout.write(f"export {done.pk} {done.status} rows={done.rows_done}")
            return
        if job == "weekly-summary":
            week = self._week(options)
            if week.monday > today_local():
                self.fail(
                    f"tuần {week.key} chưa bắt đầu (thứ hai {week.monday:%d/%m/%Y}); không lập báo cáo cho tuần "
                    "tương lai"
                )
            self._each(options, lambda: weekly_summary_run(week=week, force=options["force"]).line)
            return
        try:
            quarter = Quarter.parse(options["quarter"])
        except ValueError as error:
            self.fail(str(error))
        if quarter.first_day > today_local():
            self.fail(f"quý {quarter.key} chưa bắt đầu; không tổng hợp cho quý tương lai")
        run = quarter_submissions_run if job == "quarter-submissions" else quarter_rollup_run
        self._each(options, lambda: run(quarter=quarter, force=options["force"]).line)

    def _each(self, options, run) -> None:
        """The job in each authority's scope (or the one named); a line per authority."""
        authorities = Authority.objects.order_by("sort_order", "pk")
        if options.get("authority"):
            authorities = authorities.filter(code=options["authority"])
            if not authorities:
                self.fail(f"không có cơ quan ban hành mã {options['authority']!r}")
        authorities = list(authorities)
        for authority in authorities:
            with acting_in(authority):
                line = run()
            self.stdout.write(line if len(authorities) == 1 else f"{authority.code} {line}")

    def _week(self, options) -> Week:
        try:
            if options["week"]:
                return Week.parse(options["week"])
            return Week.containing(date.fromisoformat(options["as_of"]))
        except ValueError as error:
            if options["week"]:
                self.fail(str(error))
            self.fail(f"ngày không hợp lệ: {options['as_of']!r} (dạng đúng: YYYY-MM-DD)")
