# Two commands on a fresh machine: `make site` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
BRIEF  := $(VENV)/bin/brief
STAMP  := $(VENV)/.installed

.PHONY: site serve check build test bench offline pdf system clean help

help:
	@echo "make site    build the sample brief into site/ (venv, install, check, build, feeds, PDF, mkdocs build --strict)"
	@echo "make serve   serve it at http://127.0.0.1:8000/ with live reload while you edit content/"
	@echo "make test    run the whole test suite"
	@echo "make check   validate content only (strict)"
	@echo "make bench   issue 16's numbers for 1,000 and 10,000 synthetic notes, with targets (N=\"100\" for a quick run)"
	@echo "make offline write brief-offline.zip, a copy of the site that works from file://"
	@echo "make pdf     write brief.pdf (the whole brief) in the project folder"
	@echo "make build   regenerate build/docs only (no PDF, no mkdocs)"

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

system:
	@bash .ci/system-deps

site: $(STAMP) system
	$(BRIEF) check --strict
	$(BRIEF) site --strict

build: $(STAMP)
	$(BRIEF) build

check: $(STAMP)
	$(BRIEF) check --strict

serve: $(STAMP)
	$(BRIEF) serve

test: $(STAMP) system
	$(PY) -m pytest -q

pdf: $(STAMP) system
	$(BRIEF) pdf -o brief.pdf

# `make bench N="100"` for a quick run; prints a table and writes bench.json
BENCH_SIZES ?= 1000 10000
N ?= $(BENCH_SIZES)
bench: $(STAMP) system
	$(PY) -m benchmarks $(N)

offline: $(STAMP) system
	$(BRIEF) offline -o brief-offline.zip

clean:
	rm -rf build site brief-offline.zip brief.pdf test-artifacts bench.json
