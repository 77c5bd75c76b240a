# The two commands a newcomer needs: `make run` and `make test`.
BUILDDIR ?= _build
MESON_FLAGS ?=

.PHONY: run test deps configure build clean windows windows-deps windows-configure test-windows

deps:
	@sh build-aux/install-deps.sh

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR) --werror $(MESON_FLAGS)

configure: deps $(BUILDDIR)/build.ninja

build: configure
	meson compile -C $(BUILDDIR)

run: build
	sh $(BUILDDIR)/src/gui/kiln-run

test: build
	sh build-aux/run-tests.sh $(BUILDDIR)

clean:
	rm -rf $(BUILDDIR) _build-asan _build-fuzz $(WINBUILDDIR)

# Windows (x86_64), cross-built with the SDK described in docs/windows.md
# and tested under Wine: `make windows` packs the zip, `make test-windows`
# runs the tests that make sense there.
WINSDK ?= ../shared/winsdk
WINBUILDDIR ?= _build-win
VERSION := $(shell sed -n "s/^  version: '\(.*\)',$$/\1/p" meson.build)
WINZIP = dist/kiln-$(VERSION)-windows-x86_64.zip
# The tests' Wine prefix is private to the build folder, made on first use.
export WINEPREFIX ?= $(abspath $(WINBUILDDIR))/wine
export WINEDEBUG ?= -all

windows-deps:
	@[ -x "$(WINSDK)/cross-file" ] || { echo "kiln: no Windows SDK at $(WINSDK): make windows and make test-windows need it (set WINSDK=...; docs/windows.md)" >&2; exit 1; }
	@sh build-aux/install-deps.sh windows

$(WINBUILDDIR)/build.ninja:
	mkdir -p $(WINBUILDDIR)
	sh "$(WINSDK)/cross-file" > $(WINBUILDDIR).cross
	meson setup $(WINBUILDDIR) --werror --cross-file $(WINBUILDDIR).cross -Dgui=false \
	  -Dnative_sim=$(abspath $(BUILDDIR))/src/sim/kiln-sim

windows-configure: windows-deps $(WINBUILDDIR)/build.ninja

windows: windows-configure
	meson compile -C $(WINBUILDDIR)
	sh build-aux/windows-zip.sh $(WINBUILDDIR) "$(WINSDK)/prefix" $(VERSION) $(WINZIP)

test-windows: build windows
	sh build-aux/run-tests-windows.sh $(WINBUILDDIR) $(WINZIP)
