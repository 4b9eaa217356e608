"""`manage.py load_demo`: Sơn Dương district, directive 01/CT-UBND, sample tasks and a demo account per role.

It lives in the topmost app because it loads every app's demo, each from that app's demo.py.
Idempotent: a second run changes nothing."""

from __future__ import annotations

from django.db import transaction

from inspections import demo as inspections_demo
from meetings import demo as meetings_demo
from ratings import demo as ratings_demo
from reports import demo as reports_demo
from tasks import demo as tasks_demo
from units import demo as units_demo
from units.cli import ChithiCommand


class Command(ChithiCommand):
    help = "Nạp dữ liệu mẫu: UBND huyện Sơn Dương, Chỉ thị 01/CT-UBND, nhiệm vụ mẫu và tài khoản thử cho từng vai trò."

    @transaction.atomic
    def handle(self, *args, **options):
        authority, units = units_demo.load()
        directive = tasks_demo.load(authority, units)
        meetings_demo.load(authority, units)
        inspections_demo.load(authority, units)
        ratings_demo.load(authority, units)
        reports_demo.sample_history(reports_demo.load(directive))
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp dữ liệu mẫu: {len(units)} đơn vị, {directive.get_kind_display()} {directive.number}."
            )
        )
        self.stdout.write(f"Tài khoản thử (mật khẩu chung: {units_demo.DEMO_PASSWORD}):")
        for username, label in units_demo.ROLE_LABELS.items():
            self.stdout.write(f"  {username:<18} {label}")
