# IVP Desk — `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PKG_STAMP := $(VENV)/.installed-package

.DEFAULT_GOAL := help
.PHONY: help install run test lint format bench clean package package-test icons

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
	$(BIN)/ruff check ivpdesk tests bench migrations packaging
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

lint: install ## Alleen ruff
	$(BIN)/ruff check ivpdesk tests bench migrations packaging

format: install ## Code opmaken met ruff format
	$(BIN)/ruff format ivpdesk tests bench migrations

bench: install ## Meet de snelheid (figures in bench/)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run_all.py

$(PKG_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,package]'
	@touch $(PKG_STAMP)

package: $(PKG_STAMP) ## Bouw de Linux-bundel dist/ivpdesk/ (PyInstaller, één map) met .desktop en tar.gz
	rm -rf dist/ivpdesk build/pyinstaller
	$(BIN)/pyinstaller --noconfirm --clean --log-level ERROR --distpath dist \
	    --workpath build/pyinstaller packaging/ivpdesk.spec
	$(BIN)/python packaging/linux/make_bundle.py dist/ivpdesk

package-test: package ## Bouw de bundel en test het gebouwde programma (smoke-test, eerste start, één exemplaar)
	$(BIN)/python packaging/package_test.py dist/ivpdesk

icons: install ## Teken het programmapictogram opnieuw (resources/icons, daarna committen)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/make_icon.py

clean: ## Verwijder build-bestanden (niet .venv)
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache
