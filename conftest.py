"""Fixtures shared by every app's tests: services, the browser, demo-like organisations."""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM would refuse to run
# beside it. The tests are single-threaded, so this is safe (docs/architecture.md §8).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def require(condition: bool, reason: str) -> None:
    """Skip when a service or browser is missing on a developer's machine; in CI, fail instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI requires it: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, flags for a headless root sandbox with no outside network."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _patient_expectations():
    """Playwright's `expect` waits 5 s by default; on a loaded CI machine a page can take longer."""
    try:
        from playwright.sync_api import expect
    except ImportError:
        return
    from units.tests.support import BROWSER_TIMEOUT_MS

    expect.set_options(timeout=BROWSER_TIMEOUT_MS)


@pytest.fixture(autouse=True)
def _browser_available(request):
    if request.node.get_closest_marker("browser"):
        require(os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(autouse=True)
def _isolated_private_storage(settings, tmp_path):
    """Uploads in tests go to a throw-away folder, never var/private."""
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path / "private")}},
    }


@pytest.fixture(autouse=True)
def _acting_authority(request):
    """Tests run as production does, inside an authority's scope (docs/architecture.md §17): the
    first authority at the top of the tree, found when the test's first scoped query runs (its own
    data made it by then). A test acting elsewhere says `acting_in(...)`; a test about code with no
    scope at all is marked `@pytest.mark.unscoped`."""
    if request.node.get_closest_marker("unscoped"):
        yield
        return
    from units.acting import NOWHERE, restored_scope_lazily

    def top() -> int:
        from units.models import Authority

        return Authority.current_root_id() or NOWHERE

    with restored_scope_lazily(top):
        yield


@pytest.fixture
def org(db):
    """Two communes, the Office and Organization–Home Affairs, and one user per role."""
    from units.tests.org import Org

    return Org()


@pytest.fixture
def template(org):
    """Directive 01/CT-UBND with its 8 items and the demo quarterly report template."""
    from datetime import date

    from reports import demo as reports_demo
    from tasks.models import Directive

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
    # No required figures here: a test that is about them marks them (as the administrator would).
    return reports_demo.load(directive, required=set())


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The real hasher is deliberately slow; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _plain_http_and_plain_static():
    """Tests talk plain HTTP to the test client and the live server, even under production settings
    (CI runs with DEBUG off); the middleware reads these once, so set them before any server starts."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # The manifest storage needs collectstatic first; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
