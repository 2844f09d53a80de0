# Two commands for a fresh machine: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.koers-installed
DEMO_CLIENTS ?= 2000

.PHONY: run test koers bench lint check clean package

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,postgres]'
	@touch $(STAMP)

## Open Koers on the embedded SQLite database, with demo data the first time.
run: $(STAMP)
	@$(BIN)/python -m desktop.qt_libs
	$(BIN)/koers init
	$(BIN)/koers demo --if-empty --clients $(DEMO_CLIENTS)
	$(BIN)/koers gui

## Every test (unit, command line, GUI offscreen). PostgreSQL tests run when KOERS_TEST_PG_URL is set.
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

## The command line as README.md writes it: make koers ARGS="resident search Pelgrom" (same as .venv/bin/koers ...).
koers: $(STAMP)
	@$(BIN)/koers $(ARGS)

## Speed targets on a 100,000-resident database (not part of `make test`).
bench: $(STAMP)
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(BIN)/python -m tests.bench.run
	$(BIN)/python -m tests.bench.iwmo

## Style (ruff) and types (mypy, strict for db/ and desktop/core/: see [tool.mypy] in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

## Koers as a program without Python: dist/koers/ (PyInstaller, packaging/koers.spec). Windows: packaging/windows/build.ps1.
package: $(STAMP)
	@$(BIN)/python -c "import PyInstaller" 2>/dev/null || \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,postgres,package]'
	$(BIN)/python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/koers.spec
	@echo "dist/koers: $$(du -sm dist/koers | cut -f1) MB, $$(find dist/koers -type f | wc -l) bestanden"

check: $(STAMP)
	$(BIN)/koers check

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis .bench build *.egg-info
