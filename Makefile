# tieout: `make demo` reconciles the bundled example; `make test` runs the test suite.
SWIFT ?= swift
BIN := .build/debug/tieout
EXAMPLE := examples/month-end

.PHONY: all deps build templates demo test bench accuracy fuzz install example clean

all: build

deps:
	@scripts/ensure-deps.sh

build: deps templates
	$(SWIFT) build --product tieout

# The templates built into the binary (Sources/TieoutPipeline/BundledTemplates.swift, committed;
# regenerated from templates/ where python3 is).
templates:
	@if command -v python3 >/dev/null 2>&1; then python3 scripts/embed-templates.py; fi

# Installs the tieout binary, which carries its templates, as $(PREFIX)/bin/tieout.
PREFIX ?= /usr/local
install: deps templates
	$(SWIFT) build -c release --product tieout
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 .build/release/tieout $(DESTDIR)$(PREFIX)/bin/tieout

demo: build
	@mkdir -p out
	$(BIN) run $(EXAMPLE) --out out/month-end.xlsx --json out/month-end.json

test:
	@scripts/ensure-deps.sh --test
	$(SWIFT) test

# Regenerates the bundled example from its seed (the README there describes the outcome).
example: build
	$(BIN) generate --rows 320 --seed 2026 $(EXAMPLE)

bench: deps
	$(SWIFT) build -c release --product tieout
	$(SWIFT) build -c release --product tieout-bench
	@echo "== matcher alone: N bank x N GL lines, 1:1, 5-day window"
	.build/release/tieout-bench 10000 100000 1000000
	@echo "== months built to be hard: many lines of one amount"
	.build/release/tieout-bench --dense
	Benchmarks/run.sh .build/release/tieout

# How well the default rules match realistic months they were not written for: a B2B month of
# ACCURACY_SIZES bank lines each (`tieout generate --realistic`), run with no rules and scored
# against its truth (scripts/accuracy.py).
ACCURACY_SIZES ?= 1000 400000
accuracy: deps
	$(SWIFT) build -c release --product tieout
	@mkdir -p .build/accuracy
	@header=--header; for n in $(ACCURACY_SIZES); do \
	  dir=.build/accuracy/b2b-$$n; rm -rf $$dir; \
	  .build/release/tieout generate --realistic --rows $$n --seed 1 $$dir --quiet && \
	  .build/release/tieout run $$dir --out $$dir/out.xlsx --json $$dir/out.json --quiet && \
	  python3 scripts/accuracy.py $$dir/truth.json $$dir/out.json --label "B2B, $$n bank lines" $$header || exit 1; \
	  header=; \
	done

# libFuzzer targets for every reader of outside input, FUZZ_SECONDS each (scripts/fuzz.sh).
FUZZ_SECONDS ?= 60
fuzz: deps
	scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build out
