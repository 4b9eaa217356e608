"""`manage.py load_demo`: Tuyên Quang province with three departments and three communes, Tân Trào
also running its own plan (docs/architecture.md §17); `load_demo --district`: Sơn Dương district as
in 2021 with directive 01/CT-UBND. Sample tasks and a demo account per role.

It lives in the topmost app because it loads every app's demo, each from that app's demo.py.
Idempotent: a second run changes nothing. Each authority's part is loaded in its own scope
(units.acting), as its people would have entered it."""

from __future__ import annotations

from django.db import transaction

from inspections import demo as inspections_demo
from library.cli import ChithiCommand
from meetings import demo as meetings_demo
from ratings import demo as ratings_demo
from reports import demo as reports_demo
from tasks import demo as tasks_demo
from tasks import demo_data as tasks_data
from units import demo as units_demo
from units import demo_data as units_data
from units.acting import across_authorities, acting_in
from units.models import Authority


class Command(ChithiCommand):
    help = (
        "Nạp dữ liệu mẫu: UBND tỉnh Tuyên Quang, ba sở, ba xã (xã Tân Trào có kế hoạch riêng giao cho các phòng); "
        "--district: UBND huyện Sơn Dương năm 2021 với Chỉ thị 01/CT-UBND. Có tài khoản thử cho từng vai trò."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--district", action="store_true", help="nạp dữ liệu mẫu huyện Sơn Dương (2021) thay cho tỉnh Tuyên Quang"
        )

    def handle(self, *args, district: bool = False, **options):
        # The demo builds every authority's organisation; each authority's own data below is then
        # entered in that authority's scope, as its people would have entered it.
        with transaction.atomic(), across_authorities("the demo loader builds every authority"):
            self._load(district)

    def _load(self, district: bool) -> None:
        has_province = Authority.objects.filter(code=units_data.PROVINCE["code"]).exists()
        if not district and not has_province and Authority.objects.filter(code=units_data.AUTHORITY["code"]).exists():
            # A database made before the province demo (`python3 run.py` repeats load_demo): keep it.
            self.stdout.write("Cơ sở dữ liệu đang có dữ liệu mẫu huyện Sơn Dương; giữ bộ này (--district).")
            district = True
        other = units_data.PROVINCE if district else units_data.AUTHORITY
        if Authority.objects.filter(code=other["code"]).exists():
            self.fail(
                f"cơ sở dữ liệu đã có dữ liệu mẫu của {other['name']}; hai bộ dữ liệu mẫu dùng chung tài khoản thử, "
                "không nạp chung một cơ sở dữ liệu"
            )
        if district:
            authority, units = units_demo.load()
            with acting_in(authority):
                directive = tasks_demo.load(authority, units)
                meetings_demo.load(authority, units)
                inspections_demo.load(authority, units)
                ratings_demo.load(authority, units)
                reports_demo.sample_history(reports_demo.load(directive))
            labels, count = units_demo.ROLE_LABELS, len(units)
            loaded = f"{directive.get_kind_display()} {directive.number}"
        else:
            province, units, commune, offices = units_demo.load_province()
            cast = units_demo.PROVINCE
            with acting_in(province):
                directive = tasks_demo.load(province, units, tasks_data.PROVINCE_DIRECTIVE, cast)
                meetings_demo.load(province, units, cast)
                inspections_demo.load(province, units, cast)
                ratings_demo.load(province, units, cast)
                template = reports_demo.load(directive, level="tỉnh", title=TITLE % directive.number)
                reports_demo.sample_history(template, level="tỉnh")
            with acting_in(commune):
                plan = tasks_demo.load_commune(commune, offices)
                template = reports_demo.load(plan, level="xã", title=TITLE_PLAN % plan.number)
                reports_demo.sample_history(template, quarters=1, reviewer="vhxh.tantrao", level="xã")
            labels, count = units_demo.PROVINCE_ROLE_LABELS, len(units) + len(offices)
            loaded = f"{directive.get_kind_display()} {directive.number}, {plan.get_kind_display()} {plan.number}"
        self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu mẫu: {count} đơn vị, {loaded}."))
        self.stdout.write(f"Tài khoản thử (mật khẩu chung: {units_demo.DEMO_PASSWORD}):")
        for username, label in labels.items():
            self.stdout.write(f"  {username:<18} {label}")


TITLE = "Báo cáo kết quả thực hiện Chỉ thị số %s về tăng cường kỷ luật, kỷ cương hành chính"
TITLE_PLAN = "Báo cáo kết quả thực hiện Kế hoạch số %s thực hiện Chỉ thị số 05/CT-UBND của UBND tỉnh"
