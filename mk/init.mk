##@ wp-init (the container entrypoint, C++)

INIT_SRC      := image/init
INIT_BUILD    := build/init
INIT_ASAN     := build/init-asan
INIT_PYTEST   := $(VENV)/bin/pytest

# Configure once per build dir; cmake re-runs by itself when CMakeLists.txt changes.
$(INIT_BUILD)/build.ninja:
	cmake -S $(INIT_SRC) -B $(INIT_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DWPINIT_PHP_VERSION=$(PHP_VERSION)

$(INIT_ASAN)/build.ninja:
	cmake -S $(INIT_SRC) -B $(INIT_ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DWPINIT_SANITIZE=ON -DWPINIT_PHP_VERSION=$(PHP_VERSION)

.PHONY: init
init: $(INIT_BUILD)/build.ninja ## Build the static wp-init binary (build/init/wp-init)
	$(check-version)
	cmake $(INIT_BUILD) -DCMAKE_BUILD_TYPE=Release -DWPINIT_VERSION=$(VERSION) -DWPINIT_PHP_VERSION=$(PHP_VERSION) >/dev/null
	cmake --build $(INIT_BUILD)
	@$(INIT_BUILD)/wp-init version

.PHONY: test-unit-init
test-unit-init: init $(INIT_ASAN)/build.ninja ## wp-init: unit tests, black-box tests, and both again under ASan+UBSan
	@t0=$$(date +%s); step() { echo "==> [$$(( $$(date +%s) - t0 ))s] $$*"; }; \
	[ -x $(INIT_PYTEST) ] || { echo "error: pytest not found at $(INIT_PYTEST): run 'make deps'" >&2; exit 1; }; \
	step "wp-init unit tests (static build)"; \
	ctest --test-dir $(INIT_BUILD) --output-on-failure --no-tests=error; \
	step "wp-init black-box tests (static build)"; \
	WPINIT_BIN=$(ROOT)/$(INIT_BUILD)/wp-init $(INIT_PYTEST) -q -p no:cacheprovider $(INIT_SRC)/tests/blackbox; \
	step "wp-init sanitizer build (ASan+UBSan)"; \
	cmake $(INIT_ASAN) -DWPINIT_VERSION=$(VERSION) -DWPINIT_PHP_VERSION=$(PHP_VERSION) >/dev/null; \
	cmake --build $(INIT_ASAN); \
	step "wp-init unit tests under ASan+UBSan"; \
	ctest --test-dir $(INIT_ASAN) --output-on-failure --no-tests=error; \
	step "wp-init black-box tests under ASan+UBSan"; \
	WPINIT_BIN=$(ROOT)/$(INIT_ASAN)/wp-init WPINIT_SANITIZED=1 $(INIT_PYTEST) -q -p no:cacheprovider -m "not docker" $(INIT_SRC)/tests/blackbox; \
	step "wp-init: all tests passed"
