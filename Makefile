# Everything a newcomer needs: `make demo` and `make test` create .venv and install custinfo first.
PY ?= python3
V := .venv/bin

$(V)/custinfo: pyproject.toml
	$(PY) -m venv .venv
	$(V)/pip install -q --upgrade pip
	$(V)/pip install -q -e '.[dev]'
	touch $@

demo: $(V)/custinfo
	$(V)/custinfo run samples/customers.xlsx --out-dir out/ --fail-on never --as-of 2024-06-30 \
		--history out/custinfo.history.sqlite --report week

test: $(V)/custinfo
	$(V)/pytest -q

lint: $(V)/custinfo
	$(V)/ruff check . && $(V)/ruff format --check . && $(V)/mypy && $(V)/lint-imports

fmt: $(V)/custinfo
	$(V)/ruff check --fix . && $(V)/ruff format .

samples: $(V)/custinfo
	$(V)/python samples/generate.py

bench: $(V)/custinfo
	$(V)/python bench/run.py

# Do the workbooks open in LibreOffice? Skipped (exit 77) where soffice is not installed.
bench-office: $(V)/custinfo
	$(V)/python bench/libreoffice_check.py

bench-e2e: $(V)/custinfo  # `custinfo run` end to end vs the floor (add SIZES=1048575 for a full sheet)
	$(V)/python bench/run.py --e2e --sizes $(or $(SIZES),10000 100000)

check: lint test

.PHONY: demo test lint fmt samples bench bench-office bench-e2e check
