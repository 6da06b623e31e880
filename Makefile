# tieout: `make demo` reconciles the bundled example; `make test` runs the test suite.
SWIFT ?= swift
BIN := .build/debug/tieout
EXAMPLE := examples/month-end

.PHONY: all deps build demo test bench example clean

all: build

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build --product tieout

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

clean:
	rm -rf .build out
