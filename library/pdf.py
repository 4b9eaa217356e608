"""PDF copies of the Word documents, made by LibreOffice headless in a background job
(docs/architecture.md §6). Without LibreOffice the app hides the PDF links and the Word files still
work. A document's PDF is made once per state of the document (`key`) and kept."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

TIMEOUT_SECONDS = 180


class ConversionError(Exception):
    """LibreOffice did not make a PDF (its message is kept on the RenderedPdf)."""


def soffice() -> str | None:
    """The LibreOffice program: LIBREOFFICE_PATH, else soffice or libreoffice on the PATH."""
    configured = getattr(settings, "LIBREOFFICE_PATH", "")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def convert(docx: bytes) -> bytes:
    """The PDF of a .docx, by `soffice --headless --convert-to pdf` with a profile of its own (two
    conversions at once do not share one), within TIMEOUT_SECONDS."""
    program = soffice()
    if program is None:
        raise ConversionError("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="chithi-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(docx)
        profile = (folder / "profile").as_uri()
        try:
            done = subprocess.run(
                [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", work,
                 str(source)],
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(f"LibreOffice took more than {TIMEOUT_SECONDS} s") from exc
        target = folder / "document.pdf"
        if done.returncode != 0 or not target.exists():
            raise ConversionError((done.stderr or done.stdout).decode(errors="replace")[-500:] or "no PDF")
        return target.read_bytes()
