# IVP Desk — `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test lint format bench clean

help: ## Toon deze hulp
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP) ## Maak .venv en installeer IVP Desk met testgereedschap (idempotent)

run: install ## Start IVP Desk op de standaarddatabase
	$(BIN)/ivpdesk

test: install ## Alle tests zonder scherm (ruff + pytest)
	$(BIN)/ruff check ivpdesk tests bench migrations
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

lint: install ## Alleen ruff
	$(BIN)/ruff check ivpdesk tests bench migrations

format: install ## Code opmaken met ruff format
	$(BIN)/ruff format ivpdesk tests bench migrations

bench: install ## Meet de snelheid (figures in bench/)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run_all.py

clean: ## Verwijder build-bestanden (niet .venv)
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache
