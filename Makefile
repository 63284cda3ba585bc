# The two entry points of the README. Both run the idempotent set-up first.
.PHONY: setup demo test lint conformance bench

setup:
	@scripts/setup.sh

demo: setup
	@scripts/demo.sh

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

test: lint
	.venv/bin/pytest -n 2 --dist loadgroup

conformance: setup
	.venv/bin/python -m gmpsim.conformance --all

bench: setup
	.venv/bin/python -m bench
