#!/usr/bin/env python3
"""Set up and run Chỉ thị with nothing but Python >= 3.10.

    python3 run.py          create .venv, install, migrate, load the demo, start web + Celery worker + beat
    python3 run.py test     create .venv, install, run the whole test suite (extra arguments go to pytest)
    python3 run.py lint     create .venv, install, run ruff check, ruff format --check and the layer contracts
                            (import-linter; what CI lints)

Only the standard library is used here: this script is what runs before anything is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".requirements.sha256"


def say(message: str) -> None:
    print(f"[chithi] {message}", flush=True)


def ensure_environment() -> None:
    """Create the virtual environment and install requirements.txt when it changed."""
    if sys.version_info < (3, 10):  # noqa: UP036 - this script runs before anything is installed
        sys.exit("Chỉ thị cần Python 3.10 trở lên (Python >= 3.10 is required).")
    if not PYTHON.exists():
        say(f"creating virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    wanted = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        say("installing requirements (first run takes a few minutes)")
        subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run(
            [str(PYTHON), "-m", "pip", "install", "--quiet", "-r", str(ROOT / "requirements.txt")], check=True
        )
        STAMP.write_text(wanted)


def manage(*args: str) -> None:
    subprocess.run([str(PYTHON), str(ROOT / "manage.py"), *args], check=True, cwd=ROOT)


def run_tests(pytest_args: list[str]) -> int:
    ensure_environment()
    env = dict(os.environ)
    # With DATABASE_URL set (CI, PostgreSQL) settings demand a SECRET_KEY; a throw-away one suits tests.
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    return subprocess.call([str(PYTHON), "-m", "pytest", *pytest_args], cwd=ROOT, env=env)


def run_lint() -> int:
    ensure_environment()
    ruff = [str(PYTHON), "-m", "ruff"]
    checked = subprocess.call([*ruff, "check", "."], cwd=ROOT)
    formatted = subprocess.call([*ruff, "format", "--check", "."], cwd=ROOT)
    # The apps' layers (pyproject.toml, docs/architecture.md §1), imports inside functions included.
    layered = subprocess.call([str(BIN / "lint-imports"), "--no-cache", "pyproject.toml"], cwd=ROOT)
    return checked or formatted or layered


def run_app(bind: str) -> int:
    ensure_environment()
    manage("migrate", "--noinput")
    demo = subprocess.run(
        [str(PYTHON), str(ROOT / "manage.py"), "load_demo"], check=True, cwd=ROOT, capture_output=True, text=True
    ).stdout
    say("starting web, Celery worker and Celery beat (Ctrl+C stops all three)")
    celery = [str(PYTHON), "-m", "celery", "-A", "chithi"]
    processes = [
        subprocess.Popen([str(PYTHON), str(ROOT / "manage.py"), "runserver", bind], cwd=ROOT),
        subprocess.Popen([*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"], cwd=ROOT),
        subprocess.Popen([*celery, "beat", "--loglevel", "INFO"], cwd=ROOT),
    ]
    time.sleep(4)  # let the three banners pass, so the address and accounts are the last lines
    host = bind if ":" in bind else f"127.0.0.1:{bind}"
    print(f"\n{demo}", flush=True)
    say(f"Chỉ thị đang chạy tại http://{host}/ — đăng nhập bằng một tài khoản thử ở trên. Ctrl+C để dừng.")
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(1)
        say("a process stopped; stopping the others")
    except KeyboardInterrupt:
        pass
    finally:
        for p in processes:
            if p.poll() is None:
                p.send_signal(signal.SIGINT if os.name != "nt" else signal.CTRL_BREAK_EVENT)
        for p in processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["test"]:
        return run_tests(argv[1:])
    if argv[:1] == ["lint"]:
        return run_lint()
    parser = argparse.ArgumentParser(description="Run Chỉ thị with its demo data on the embedded default.")
    parser.add_argument(
        "--bind", default=os.environ.get("CHITHI_BIND", "127.0.0.1:8000"), help="address:port for the web server"
    )
    return run_app(parser.parse_args(argv).bind)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
