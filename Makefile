# The two commands a newcomer needs: `make run` and `make test`.
BUILDDIR ?= _build
MESON_FLAGS ?=

.PHONY: run test deps configure build clean

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
	rm -rf $(BUILDDIR) _build-asan _build-fuzz
