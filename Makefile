# xephang: `make demo` runs a whole hall, `make test` runs the tests.
# Both install what they need first: a few Debian packages (scripts/install-system-packages.sh)
# and a virtual environment in .venv with the pinned Python packages.
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: all setup system-packages lint test demo bench clean

all: test

system-packages:
	@PYTHON=$(PYTHON) scripts/install-system-packages.sh

$(VENV)/.installed: pyproject.toml constraints.txt
	@echo "xephang: đang tạo môi trường ảo $(VENV) và cài các gói Python đã ghim phiên bản"
	@echo "         creating the virtual environment in $(VENV) and installing pinned packages"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c constraints.txt -e '.[apps,test]'
	@touch $@

setup: system-packages $(VENV)/.installed

# Kivy's window is one per process: each app's tests run in a pytest process of their own.
APP_TESTS := tests/kiosk tests/display tests/counter tests/rating

# The gate, configured in pyproject.toml: ruff (`ruff check --fix .` mends most of what it finds), then mypy,
# strict on queue_protocol, queue_server and printers, as far as Kivy allows on the apps.
lint: setup
	$(PY) -m ruff check .
	$(PY) -m mypy

test: setup lint
	$(PY) -m pytest -q $(foreach d,$(APP_TESTS),--ignore=$(d))
	@for d in $(APP_TESTS); do \
		if [ -d $$d ]; then echo "xephang: $$d"; $(PY) -m pytest -q $$d || exit 1; fi; \
	done

demo: setup
	@$(VENV)/bin/xephang demo

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) build *.egg-info
