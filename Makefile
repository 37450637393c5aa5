# Two commands on a fresh machine:  make run  (set up + start the app)  ·  make test  (set up + run every test)
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PORT    ?= 8501

.PHONY: run test lint install browser-deps screenshots clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium and CJK fonts for the browser test (installed when missing and run as root;
# otherwise the browser test skips loudly, except under CI=true where it fails).
browser-deps:
	@if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "== installing chromium and fonts-noto-cjk (Debian)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	else echo "WARNING: chromium / fonts-noto-cjk are missing and cannot be installed here: browser tests will skip"; fi

# Imports the shipped indicator catalog and the generated sample data into an empty database, then
# starts the app (ui.serve = `streamlit run app.py` with deep links working on the first request).
run: $(STAMP)
	$(BIN)/python -m ledger setup
	$(BIN)/python -m ui.serve --server.port $(PORT) --server.headless true

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest

screenshots: $(STAMP) browser-deps
	$(BIN)/python -m pytest tests/test_browser.py -k screenshot

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
