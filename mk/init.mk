##@ wp-init (the container entrypoint, C++)

INIT_SRC      := image/init
INIT_BUILD    := build/init
INIT_ASAN     := build/init-asan
INIT_PYTEST   := $(VENV)/bin/pytest
# ARCH=arm64 on an amd64 machine: cross-compiled with Debian's
# g++-aarch64-linux-gnu (about as fast as the native build; the same compiler
# under qemu in an arm64 container is several times slower).
INIT_CROSS    := build/init-arm64
INIT_OUT      := $(if $(filter arm64,$(ARCH)),$(if $(filter aarch64,$(shell uname -m)),$(INIT_BUILD),$(INIT_CROSS)),$(INIT_BUILD))

# The builds are CMake presets (image/init/CMakePresets.json: release, asan, arm64),
# run from the source dir; each configure is incremental, so it runs every time.
INIT_PRESET   := $(if $(filter $(INIT_CROSS),$(INIT_OUT)),arm64,release)
init-cmake     = cd $(INIT_SRC) && cmake --preset $(1) -DWPINIT_VERSION=$(VERSION) >/dev/null && cmake --build --preset $(1)

.PHONY: init-cross-compiler
init-cross-compiler:
	@command -v aarch64-linux-gnu-g++ >/dev/null || tools/deps.sh --arm64

.PHONY: init
init: $(if $(filter arm64,$(INIT_PRESET)),init-cross-compiler) ## Build the static wp-init binary (build/init/wp-init; ARCH=arm64: build/init-arm64/wp-init)
	$(check-version)
	$(check-arch)
	$(call init-cmake,$(INIT_PRESET))
	@if [ '$(INIT_OUT)' = '$(INIT_CROSS)' ]; then \
	  echo "$(INIT_OUT)/wp-init: arm64, cross-compiled (make build ARCH=arm64 runs it under qemu)"; \
	else $(INIT_OUT)/wp-init version; fi

# clang-format is pinned in the venv (tools/requirements.txt: its output differs between
# releases), clang-tidy comes from the Debian release (tools/deps.sh); their settings are
# image/init/.clang-format and .clang-tidy. clang-tidy reads the release preset's
# compile_commands.json and checks wp-init's own code (src/), two files at once.
.PHONY: lint-init
lint-init: init ## wp-init: clang-format (no difference allowed), clang-tidy (image/init/.clang-tidy), shellcheck of the black-box stand-ins
	@[ -x $(VENV)/bin/clang-format ] && command -v clang-tidy >/dev/null || { \
	  echo "error: clang-format (in $(VENV)) or clang-tidy not found: run 'make deps'" >&2; exit 1; }
	@echo "==> clang-format $$($(VENV)/bin/clang-format --version | awk '{ print $$NF }') --dry-run --Werror (image/init/.clang-format)"
	@$(VENV)/bin/clang-format --dry-run --Werror $(INIT_SRC)/src/*.cpp $(INIT_SRC)/src/*.hpp $(INIT_SRC)/tests/unit/*.cpp $(INIT_SRC)/tests/unit/*.hpp
	@echo "==> shellcheck of the black-box tests' stand-in programs"
	@shellcheck -x image/init/tests/blackbox/*.sh
	@echo "==> clang-tidy (image/init/.clang-tidy)"
	@printf '%s\n' $(INIT_SRC)/src/*.cpp | xargs -P 2 -n 4 clang-tidy -p $(INIT_BUILD) --quiet 2>&1 \
	  | { grep -v '^[0-9]* warnings\? generated\.$$' || true; }

.PHONY: test-unit-init
test-unit-init: init lint-init ## wp-init: unit tests, black-box tests, and both again under ASan+UBSan
	@t0=$$(date +%s); step() { echo "==> [$$(( $$(date +%s) - t0 ))s] $$*"; }; \
	[ -x $(INIT_PYTEST) ] || { echo "error: pytest not found at $(INIT_PYTEST): run 'make deps'" >&2; exit 1; }; \
	step "wp-init unit tests (static build)"; \
	(cd $(INIT_SRC) && ctest --preset release); \
	step "wp-init black-box tests (static build)"; \
	WPINIT_BIN=$(ROOT)/$(INIT_BUILD)/wp-init $(INIT_PYTEST) -q -p no:cacheprovider $(INIT_SRC)/tests/blackbox; \
	step "wp-init sanitizer build (ASan+UBSan)"; \
	($(call init-cmake,asan)); \
	step "wp-init unit tests under ASan+UBSan"; \
	(cd $(INIT_SRC) && ctest --preset asan); \
	step "wp-init black-box tests under ASan+UBSan"; \
	WPINIT_BIN=$(ROOT)/$(INIT_ASAN)/wp-init WPINIT_SANITIZED=1 $(INIT_PYTEST) -q -p no:cacheprovider -m "not docker" $(INIT_SRC)/tests/blackbox; \
	step "wp-init: all tests passed"
