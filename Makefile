# Two commands on a fresh machine:  make run  (set up + start the app)  ·  make test  (set up + run every test)
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PORT    ?= 8501

.PHONY: run test lint install browser-deps system-deps screenshots briefing-pictures clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests use: Chromium and CJK fonts (browser tests), LibreOffice Writer (Word → PDF
# for the ledger-reading and 通报 tests) and Calc (the template's round trip through another office
# client), poppler-utils (pdftoppm renders PDF pages). Installed when missing and run as root;
# otherwise those tests skip loudly, except under CI=true where they fail.
SYSTEM_PACKAGES := chromium fonts-noto-cjk libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
system-deps:
	@if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" \
	  && command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
	  && ls /usr/lib/libreoffice/program/libscfiltlo.so >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "== installing $(SYSTEM_PACKAGES) (Debian)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	else echo "WARNING: some of $(SYSTEM_PACKAGES) are missing and cannot be installed here: their tests will skip"; fi

browser-deps: system-deps

# Imports the shipped indicator catalog and the generated sample data into an empty database, then
# starts the app (ui.serve = `streamlit run app.py` with deep links working on the first request).
run: $(STAMP)
	$(BIN)/python -m ledger setup
	$(BIN)/python -m ui.serve --server.port $(PORT) --server.headless true

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

screenshots: $(STAMP) system-deps
	LEDGER_SCREENSHOTS=1 $(BIN)/python -m pytest tests/test_browser.py -k "every_page or analyst_signs_in"
	LEDGER_SCREENSHOTS=1 $(BIN)/python -m pytest tests/test_browser_workflow.py

# The README's pictures of the 通报 (page 1 and a 督办单), from the sample data, via LibreOffice.
briefing-pictures: $(STAMP) system-deps
	$(BIN)/python docs/make_briefing_pictures.py

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
