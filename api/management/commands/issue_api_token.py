"""`manage.py issue_api_token <user> "<name>" [--by <administrator>]`: issue an API token from the
shell (the page is /api/tokens/); the key is printed once."""

from __future__ import annotations

from django.core.management.base import CommandError

from api import services
from library.cli import ChithiCommand
from units.models import User


class Command(ChithiCommand):
    help = "Cấp khóa API cho một người dùng; khóa chỉ in ra một lần."

    def add_arguments(self, parser):
        parser.add_argument("username", help="Tên đăng nhập của người được cấp khóa")
        parser.add_argument("name", help="Tên, mục đích của khóa")
        parser.add_argument("--by", help="Quản trị hệ thống cấp khóa (mặc định: quản trị đầu tiên)")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng đang hoạt động tên {options['username']!r}.")
        admins = User.objects.filter(is_superuser=True, is_active=True).order_by("pk")
        actor = admins.filter(username=options["by"]).first() if options["by"] else admins.first()
        if actor is None:
            raise CommandError("Không tìm thấy quản trị hệ thống để ghi là người cấp khóa.")
        token, key = services.token_issue(actor=actor, user=user, name=options["name"])
        self.stdout.write(key)
