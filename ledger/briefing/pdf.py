"""Word → PDF with LibreOffice (``soffice --headless --convert-to pdf``), fonts mapped to installed ones.

The .docx names the official fonts (仿宋_GB2312 …), which are rarely installed on a server. For the
conversion, a fontconfig file given to LibreOffice through ``FONTCONFIG_FILE`` includes the system
configuration and maps each official name to installed CJK faces (Noto Serif/Sans CJK from Debian's
fonts-noto-cjk, an AR PL Kai face when present), so the PDF shows Song for the body, a sans face for
黑体 and a bold Song for the title, never boxes. Each conversion runs with its own LibreOffice profile
in a temporary folder, so conversions at the same time do not share a lock, and with a timeout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import UserError

#: Official face → installed faces to use instead, in order; ``bold`` asks for the bold weight.
FONT_MAP: dict[str, tuple[tuple[str, ...], bool]] = {
    "方正小标宋简体": (("Noto Serif CJK SC", "Source Han Serif SC"), True),
    "方正小标宋_GBK": (("Noto Serif CJK SC", "Source Han Serif SC"), True),
    "黑体": (("Noto Sans CJK SC", "Source Han Sans SC"), True),
    "楷体_GB2312": (("AR PL UKai CN", "AR PL KaitiM GB", "Noto Serif CJK SC"), False),
    "楷体": (("AR PL UKai CN", "AR PL KaitiM GB", "Noto Serif CJK SC"), False),
    "仿宋_GB2312": (("Noto Serif CJK SC", "Source Han Serif SC"), False),
    "仿宋": (("Noto Serif CJK SC", "Source Han Serif SC"), False),
    "宋体": (("Noto Serif CJK SC", "Source Han Serif SC"), False),
}
TIMEOUT = 180  # seconds; a first start of LibreOffice with a new profile takes 5-15 s here


def soffice() -> str | None:
    """Path of LibreOffice's ``soffice`` (or ``libreoffice``), or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def fontconfig(folder: Path) -> Path:
    """Write ``fonts.conf`` in ``folder``: the system configuration plus :data:`FONT_MAP`."""
    rules = []
    for official, (faces, bold) in FONT_MAP.items():
        prefer = "".join(f"<string>{f}</string>" for f in faces)
        weight = '<edit name="weight" mode="assign"><const>bold</const></edit>' if bold else ""
        rules.append(
            f'<match target="pattern"><test name="family"><string>{official}</string></test>'
            f'<edit name="family" mode="assign" binding="strong">{prefer}</edit>{weight}</match>'
        )
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        "<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>"
        f"{''.join(rules)}</fontconfig>",
        encoding="utf-8",
    )
    return conf


def to_pdf(docx: str | Path, pdf: str | Path, *, timeout: float = TIMEOUT) -> Path:
    """Convert ``docx`` to ``pdf`` with LibreOffice; returns the PDF's path.

    Raises :class:`~ledger.errors.UserError`: ``pdf_no_soffice`` when LibreOffice is not installed,
    ``pdf_timeout`` after ``timeout`` seconds, ``pdf_failed`` when it produced no PDF. The .docx is
    left as it is in every case.
    """
    exe = soffice()
    docx, pdf = Path(docx), Path(pdf)
    if exe is None:
        raise UserError("pdf_no_soffice", docx=str(docx))
    with tempfile.TemporaryDirectory(prefix="ledger-pdf-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig(work)), "HOME": str(work)}
        cmd = [
            exe, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(work / "out"), str(docx.resolve()),
        ]
        try:
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise UserError("pdf_timeout", seconds=int(timeout), docx=str(docx)) from exc
        except OSError as exc:
            raise UserError("pdf_failed", reason=str(exc), docx=str(docx)) from exc
        made = work / "out" / f"{docx.stem}.pdf"
        if not made.exists() or made.stat().st_size == 0:
            reason = (done.stderr or done.stdout or f"exit {done.returncode}").strip().splitlines()
            raise UserError("pdf_failed", reason=reason[-1] if reason else "", docx=str(docx))
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(made), pdf)
    return pdf
