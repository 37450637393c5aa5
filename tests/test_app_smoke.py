"""AppTest: the app runs and shows the parsed ledger."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_app_lists_tasks():
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert len(frame) == 16
    assert frame["编号"].tolist()[:2] == ["1.1", "1.2"]
