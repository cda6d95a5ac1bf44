# Two commands on a fresh machine: `make site` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
BRIEF  := $(VENV)/bin/brief
LOCK   := constraints.txt
# Two installs: what building a site needs (make site, serve, build …), and that plus the test
# extras (pytest, hypothesis, pypdf, playwright) for make test.
RUNTIME := $(VENV)/.installed-runtime
STAMP  := $(VENV)/.installed

.PHONY: site serve check build test bench offline pdf system lock clean help

help:
	@echo "make site    build the sample brief into site/ (venv, install, check, build, feeds, PDF, mkdocs build --strict)"
	@echo "make serve   serve it at http://127.0.0.1:8000/ with live reload while you edit content/"
	@echo "make test    run the whole test suite"
	@echo "make check   validate content only (strict)"
	@echo "make bench   issue 16's numbers for 1,000 and 10,000 synthetic notes, with targets (N=\"100\" for a quick run)"
	@echo "make offline write brief-offline.zip, a copy of the site that works from file://"
	@echo "make pdf     write brief.pdf (the whole brief) in the project folder"
	@echo "make build   regenerate build/docs only (no PDF, no mkdocs)"
	@echo "make lock    refresh constraints.txt (the pinned versions every install uses) from a fresh venv"

# Every install takes its versions from $(LOCK): a fresh machine gets what the tests passed with.
$(RUNTIME): pyproject.toml $(LOCK)
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c $(LOCK) -e .
	@touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(PY) -m pip install --quiet -c $(LOCK) -e '.[test]'
	@touch $(STAMP)

lock:
	rm -rf .venv-lock
	python3 -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet '.[test]'
	{ sed -n '1,2p' $(LOCK); .venv-lock/bin/python -m pip freeze --exclude brief; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf .venv-lock
	@echo "$(LOCK) refreshed; run 'make test' before committing it"

system:
	@bash .ci/system-deps

site: $(RUNTIME) system
	$(BRIEF) check --strict
	$(BRIEF) site --strict

build: $(RUNTIME)
	$(BRIEF) build

check: $(RUNTIME)
	$(BRIEF) check --strict

serve: $(RUNTIME)
	$(BRIEF) serve

test: $(STAMP) system
	$(PY) -m pytest -q

pdf: $(RUNTIME) system
	$(BRIEF) pdf -o brief.pdf

# `make bench N="100"` for a quick run; prints a table and writes bench.json
BENCH_SIZES ?= 1000 10000
N ?= $(BENCH_SIZES)
bench: $(STAMP) system
	$(PY) -m benchmarks $(N)

offline: $(RUNTIME) system
	$(BRIEF) offline -o brief-offline.zip

clean:
	rm -rf build site brief-offline.zip brief.pdf test-artifacts .venv-lock bench.json
