"""Shared by scripts/benchmark_tasks.py and scripts/load_test.py: start gunicorn with production
settings on a free loopback port, sign in over HTTP, time requests, percentiles. Standard library
only (http.client), so the client costs little beside the server it measures.

Production settings: DATABASE_URL set (so DEBUG is off), a SECRET_KEY, ALLOWED_HOSTS=127.0.0.1 and
the strict HTTPS settings left as they are in production. Requests say `X-Forwarded-Proto: https`,
as the reverse proxy of the README does, so SECURE_SSL_REDIRECT and the secure cookies behave as
behind it; the client keeps its cookies itself (it ignores their Secure flag on loopback).
"""

from __future__ import annotations

import http.client
import math
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
# Every account of the benchmark's data set has this password (scripts/benchmark_tasks.py).
BENCH_PASSWORD = "Bench-Mật-khẩu-2026"


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100), linear between closest ranks; nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def pg_params(url: str) -> dict:
    """psycopg2.connect() keywords of a postgres:// URL (the ones it has)."""
    parts = urlsplit(url)
    params = {
        "dbname": unquote(parts.path.lstrip("/")),
        "user": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "host": parts.hostname,
        "port": parts.port,
    }
    return {k: v for k, v in params.items() if v is not None}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(base: dict[str, str], database_url: str, var_dir: Path) -> dict[str, str]:
    """The environment of a production web process on this database: DEBUG off, strict security
    settings as in production (no SECURE_* overrides), ALLOWED_HOSTS the loopback address only,
    everything written under `var_dir`."""
    env = dict(base)
    for name in ("DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS"):
        env.pop(name, None)
    env.update(
        {
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "CHITHI_VAR_DIR": str(var_dir),
            "PRIVATE_STORAGE_ROOT": str(var_dir / "private"),
            "STATIC_ROOT": str(var_dir / "static"),
            "CELERY_BROKER_URL": "filesystem://",
            "CELERY_RESULT_BACKEND": f"file://{var_dir / 'results'}",
            "EMAIL_URL": "memorymail://",
            "LOG_LEVEL": env.get("LOG_LEVEL", "WARNING"),
            "DJANGO_SETTINGS_MODULE": "chithi.settings",
        }
    )
    env.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
    (var_dir / "results").mkdir(parents=True, exist_ok=True)
    return env


def collectstatic(env: dict[str, str]) -> None:
    """The manifest static storage of production needs collectstatic (into STATIC_ROOT)."""
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
        env=env,
        cwd=REPO,
        check=True,
    )


class Gunicorn:
    """`gunicorn chithi.wsgi` as in the README (sync workers), on 127.0.0.1:<free port>; stopped
    (SIGTERM to the master this object started, then SIGKILL) on exit."""

    def __init__(self, env: dict[str, str], *, workers: int = 2, timeout: int = 120, log_file: Path):
        self.env, self.workers, self.timeout, self.log_file = env, workers, timeout, log_file
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Gunicorn:
        command = [
            str(VENV_BIN / "gunicorn"),
            "chithi.wsgi",
            "--workers",
            str(self.workers),
            "--timeout",
            str(self.timeout),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--error-logfile",
            str(self.log_file),
            "--log-level",
            "warning",
        ]
        with open(self.log_file, "ab") as log:  # Django's own log lines (404s…) too, not the terminal
            self.proc = subprocess.Popen(command, env=self.env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {self.proc.returncode}; see {self.log_file}")
            try:
                proxied = {"X-Forwarded-Proto": "https"}  # else SECURE_SSL_REDIRECT answers 301
                status, _body, _headers = request(self.base_url, "GET", "/login/", headers=proxied, timeout=5)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not answer on {self.base_url} within 60 s; see {self.log_file}")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def worker_pids(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def worker_peak_rss_mb(self) -> float:
        """The largest peak resident size (VmHWM) among the live workers, in MB (Linux only)."""
        peak = 0.0
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) / 1024)
            except OSError:
                continue
        return peak

    def worker_timeouts(self) -> int:
        try:
            return self.log_file.read_text(errors="replace").count("WORKER TIMEOUT")
        except OSError:
            return 0


def request(
    base_url: str,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 130,
) -> tuple[int, bytes, http.client.HTTPMessage]:
    """One request on a new connection (gunicorn's sync workers close it after each answer)."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, data, response.headers
    finally:
        conn.close()


_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class LoginFailed(Exception):
    pass


class Session:
    """One signed-in browser: its cookies, requests through the (simulated) TLS proxy."""

    def __init__(self, base_url: str, timeout: float = 130):
        self.base_url, self.timeout = base_url.rstrip("/"), timeout
        self.cookies: dict[str, str] = {}
        self.landing = ""

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        host = urlsplit(self.base_url).netloc
        headers = {
            "Host": host,
            "X-Forwarded-Proto": "https",
            "User-Agent": "chithi-bench",
            "Accept": "text/html,*/*",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    def _keep_cookies(self, headers: http.client.HTTPMessage) -> None:
        for value in headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def get(self, path: str, *, follow: int = 0) -> tuple[int, bytes, float, http.client.HTTPMessage]:
        """GET `path`: status, body, seconds from connecting to the last byte, headers; with `follow`,
        up to that many redirects within the site are followed, as a browser does (the time is the
        whole chain's, the rest is the last answer's)."""
        t0 = time.perf_counter()
        while True:
            status, body, headers = request(self.base_url, "GET", path, headers=self._headers(), timeout=self.timeout)
            self._keep_cookies(headers)
            location = urlsplit(headers.get("Location", ""))
            if not (follow and status in (301, 302, 303, 307, 308) and location.path.startswith("/")):
                break
            if location.netloc and location.netloc != urlsplit(self.base_url).netloc:
                break
            follow -= 1
            path = location.path + (f"?{location.query}" if location.query else "")
        return status, body, time.perf_counter() - t0, headers

    def login(self, username: str, password: str) -> str:
        """The login form, as a browser fills it: GET for the CSRF cookie and token, POST; returns
        the landing page the answer redirects to."""
        status, body, _took, _headers = self.get("/login/")
        match = _CSRF_INPUT.search(body)
        if status != 200 or not match:
            raise LoginFailed(f"GET /login/ answered {status} without a CSRF token")
        origin = "https://" + urlsplit(self.base_url).netloc
        form = urlencode(
            {"csrfmiddlewaretoken": match.group(1).decode(), "username": username, "password": password}
        ).encode()
        status, _body, headers = request(
            self.base_url,
            "POST",
            "/login/",
            headers=self._headers(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": origin,
                    "Referer": origin + "/login/",
                }
            ),
            body=form,
            timeout=self.timeout,
        )
        self._keep_cookies(headers)
        if status != 302 or "sessionid" not in self.cookies:
            raise LoginFailed(f"POST /login/ as {username} answered {status} (expected 302 with a session)")
        landing = urlsplit(headers.get("Location", "/")).path
        if landing == "/":  # the site root sends each role to its own page
            status, _body, _took, headers = self.get("/")
            if status == 302:
                landing = urlsplit(headers.get("Location", "/")).path
        self.landing = landing
        return landing
