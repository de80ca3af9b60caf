# Two entry points a new user needs: `make demo` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
CC     := $(VENV)/bin/clausecheck
STAMP  := $(VENV)/.installed-stamp
DEMO   ?= samples/tier1_fcm_trading_host_maintenance.docx

.PHONY: venv deps demo test lint unit eval bench samples fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

## System packages the tests use (LibreOffice, CJK fonts, poppler, Tesseract, Chromium).
deps:
	@bash scripts/install-system-deps.sh

demo: venv
	$(CC) check $(DEMO) --tier 1 --fail-on never

lint: venv
	$(VENV)/bin/ruff check clausecheck tests scripts bench

unit: venv
	$(VENV)/bin/pytest -q -ra

eval: venv
	$(CC) eval samples

test: venv deps lint unit eval

bench: venv deps
	$(PY) bench/run.py

samples: venv deps
	$(PY) scripts/build_samples.py

fuzz: venv
	FUZZ_SECONDS=$${FUZZ_SECONDS:-300} $(VENV)/bin/pytest -q tests/test_fuzz.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
