# Đôn Đốc: `make run` sets up and starts the app on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
ADMIN_EMAIL ?= admin@donduc.vn
# The province whose standard directory is loaded (a name or code: PROVINCE="Quảng Ninh"); empty: Hà Nội.
PROVINCE ?=

.PHONY: run setup test lint bench translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

## setup: install, migrate the database, load the directory (Hà Nội, or PROVINCE), create the first admin
setup: $(VENV)/.installed
	$(FLASK) db upgrade
	$(if $(PROVINCE),$(FLASK) agencies import --province "$(PROVINCE)",$(FLASK) agencies import --default)
	$(FLASK) users create $(ADMIN_EMAIL) --role admin --name "Quản trị" --if-missing

## run: setup, then serve on http://$(HOST):$(PORT) with the scheduler (reminders, mail) beside it,
##      started again if it ever dies
run: setup
	@echo "Mở http://$(HOST):$(PORT) và đăng nhập bằng $(ADMIN_EMAIL) (mật khẩu in ở trên khi tạo lần đầu;"
	@echo "quên mật khẩu: $(FLASK) users set-password $(ADMIN_EMAIL))."
	$(FLASK) scheduler keep-running & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	TRACKER_SESSION_COOKIE_SECURE=false $(FLASK) run --host $(HOST) --port $(PORT)

tests/js/node_modules/ical.js: tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix tests/js --silent --no-audit --no-fund; \
	else echo "npm not found: the ical.js feed checks will be skipped"; fi

## test: the whole suite, on SQLite and PostgreSQL, one worker per CPU (at most 4; pytest-xdist)
test: $(VENV)/.installed-dev tests/js/node_modules/ical.js
	$(BIN)/pytest -n auto --maxprocesses 4

## lint: ruff and mypy, as configured in pyproject.toml (CI runs it before the tests)
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy

## bench: the task-list benchmark at 1,000 agencies / 100,000 tasks
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.task_list

## translations: re-extract UI strings, merge into the English catalog, compile
translations: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --omit-header -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching
	$(BIN)/pybabel compile -d translations

clean:
	rm -rf $(VENV) .pytest_cache
