"""Fixtures of the quarterly-cycle tests."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.models import Directive


@pytest.fixture
def template(org):
    """The demo template of 01/CT-UBND, on the demo directive."""
    from reports import demo as reports_demo

    directive = Directive.objects.create(
        authority=org.commune_a.authority,
        number="01/CT-UBND",
        issued_on=date(2021, 9, 23),
        place="Sơn Dương",
        signer_name="Giang Tuấn Anh",
        signer_position="Chủ tịch",
        subject="Về việc tăng cường kỷ luật, kỷ cương hành chính",
    )
    for n in range(1, 9):
        directive.items.create(number=n, text=f"Điểm {n}")
    return reports_demo.load(directive)
