"""Static guards: no HTML from user text, upload limits agree, secrets stay out of the repo."""

from __future__ import annotations

import re
import tomllib

from ledger.config import Settings
from tests.conftest import ROOT
from ui.widgets import plain

UI_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]


def test_no_html_rendering_anywhere_in_the_ui():
    for path in UI_FILES:
        code = path.read_text(encoding="utf-8")
        for pattern in (r"unsafe_allow_html", r"\bst\.html\(", r"components\.v1", r"\.html\("):
            assert not re.search(pattern, code), f"{path.name}: {pattern}"


def test_upload_limit_is_the_same_in_streamlit_and_in_code():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == Settings().max_upload_mb == 20
    assert config["server"]["enableXsrfProtection"] is True


def test_no_secrets_in_the_repository_config():
    text = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8").lower()
    assert "[auth]" not in text and "client_secret" not in text and "cookie_secret" not in text
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text(encoding="utf-8")


def test_security_packages_are_pinned():
    pins = dict(
        line.split("==", 1)
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    assert {"defusedxml", "argon2-cffi", "Authlib"} <= set(pins)


def test_plain_escapes_markdown_in_user_text():
    assert plain("[x](javascript:alert(1))") == "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"
    assert plain("**粗体** <b>") == "\\*\\*粗体\\*\\* \\<b\\>"
    assert plain("报表\n第1版.xlsx") == "报表 第1版\\.xlsx"
