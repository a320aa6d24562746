# scamem workbench. `make run` boots the patched kernel and shows the guest
# programs live; `make test` runs everything CI checks. See README.md.

TREE        ?= build/linux
KUNITCONFIG ?= lib/tests/scamem.kunitconfig
JOBS        ?= $(shell nproc)
OUT         ?= build/out
export TREE KUNITCONFIG JOBS OUT

# Stages whose results/NAME.counts `make test` adds up.
STAGES := tree checkpatch sparse shellcheck ktap-parser kunit kunit-splats guest guest-splats guest-version \
	xen xen-version xen-pv xen-splats xen-same xen-gup-delay mm-selftests mm-selftests-runs mm-stress vma names

.PHONY: all deps base tree export build-each lint kunit build-guest guest xen mm run test \
	test-full trinity kunit-arm64 cross \
	bench bench-smoke clean help

all: help

help:
	@echo "make run      build the patched guest kernel, boot it, show the guest programs live"
	@echo "make test     everything CI checks; ends with 'N passed, M failed'"
	@echo "make tree     (re)create TREE=$(TREE) as base + patches/series"
	@echo "make export   write TREE's commits back to patches/"
	@echo "make bench    scamem against 7.3.4: build both, boot under QEMU, build/bench/results.tsv"
	@echo "make test-full  make test, then trinity, kunit-arm64 and cross (README)"
	@echo "make lint | kunit | guest | xen | mm | trinity | kunit-arm64 | cross | bench-smoke | build-guest | deps | base | clean"

deps:
	@scripts/install-deps.sh
	@scripts/install-sparse.sh

base:
	@scripts/fetch-base.sh
	@scripts/make-base-tree.sh $(TREE)

tree:
	@scripts/apply-series.sh

export:
	@scripts/export-series.sh

build-each:
	@scripts/build-each-patch.sh

lint:
	@scripts/check-patches.sh; a=$$?; scripts/check-sparse.sh; b=$$?; scripts/check-shell.sh; c=$$?; \
		python3 scripts/ktap_test.py --counts build/results/ktap-parser.counts; d=$$?; \
		[ $$a -eq 0 ] && [ $$b -eq 0 ] && [ $$c -eq 0 ] && [ $$d -eq 0 ]

# The KUnit suites run in the guest kernel (configs/kernels), by kunit.py exec.
kunit:
	@scripts/build-kernel.sh guest
	@scripts/run-kunit.sh

build-guest:
	@scripts/build-guest.sh

guest: build-guest
	@scripts/run-guest.sh

# Needs the guest (make build-guest); builds the 7.3.4 guest kernel itself.
xen:
	@scripts/run-xen.sh

# Upstream's selftests/mm on 7.3.4 and on the series, then the series'
# scamem_stress on the debug kernel; needs the guest kernel and initramfs
# (make build-guest) and the kernels make xen builds.
mm:
	@scripts/run-mm-selftests.sh

# Not in make test (README): Debian's trinity, unprivileged, on the objects
# that map through scamem (needs make build-guest and the kernels make xen
# builds); the scamem KUnit suites on arm64 under TCG; build-only checks
# for i386, arm without LPAE and um.
trinity:
	@scripts/run-trinity.sh

kunit-arm64:
	@scripts/run-kunit-arm64.sh

cross:
	@scripts/build-cross.sh

EXTRA_STAGES := trinity trinity-base kunit-arm64 kunit-arm64-splats cross-i386 cross-arm cross-um
FULL_STAGES := $(STAGES) $(EXTRA_STAGES)

# make test, then what it leaves out; one summary for all of it.
# Counts of an earlier run must not count: every stage starts as failed.
test-full:
	@-$(MAKE) --no-print-directory test
	@for s in $(EXTRA_STAGES); do \
		echo "0 1 0" >build/results/$$s.counts; done
	@-scripts/time-stage.sh trinity scripts/run-trinity.sh
	@-scripts/time-stage.sh kunit-arm64 scripts/run-kunit-arm64.sh
	@-scripts/time-stage.sh cross scripts/build-cross.sh
	@scripts/summarize-results.sh $(FULL_STAGES)

# Benchmarks (not part of make test): docs/bench.md.
bench: deps
	@scripts/run-bench.sh

bench-smoke: deps
	@scripts/run-bench.sh --smoke

run: deps
	@[ -e $(TREE)/.git ] || scripts/apply-series.sh
	@$(MAKE) --no-print-directory build-guest
	@scripts/run-guest.sh --live

# Every stage runs even when an earlier one fails; the summary decides.
# lint comes last: it lints each touched file the guest kernel compiles (the
# KUnit suites included).
test:
	@mkdir -p build/results build/logs
	@rm -f build/results/*.counts build/results/times build/results/errors
	@$(MAKE) --no-print-directory deps
	@scripts/fetch-base.sh
	@if scripts/time-stage.sh tree scripts/apply-series.sh; then c="1 0 0"; else c="0 1 0"; fi; \
		echo "$$c" >build/results/tree.counts
	@-scripts/time-stage.sh kunit $(MAKE) --no-print-directory kunit
	@-scripts/time-stage.sh guest $(MAKE) --no-print-directory guest
	@-scripts/time-stage.sh xen scripts/run-xen.sh
	@-scripts/time-stage.sh mm scripts/run-mm-selftests.sh
	@-scripts/time-stage.sh vma scripts/run-vma-tests.sh
	@-scripts/time-stage.sh lint $(MAKE) --no-print-directory lint
	@-scripts/time-stage.sh names scripts/check-names.sh
	@scripts/summarize-results.sh $(STAGES)

clean:
	rm -rf $(OUT)/guest $(OUT)/guest-xen $(OUT)/guest-base $(OUT)/guest-programs $(OUT)/guest-root \
		$(OUT)/guest-initramfs.cpio.gz $(OUT)/kselftest $(OUT)/kselftest-build $(OUT)/kselftest-root \
		$(OUT)/xen-modules-root $(OUT)/gup-delay $(OUT)/xen-initramfs.cpio.gz \
		$(OUT)/trinity-root $(OUT)/trinity-overlay.cpio.gz $(OUT)/trinity-initramfs.cpio.gz build/trinity-debs \
		$(OUT)/kunit-arm64 $(OUT)/cross-i386 $(OUT)/cross-arm $(OUT)/cross-um $(OUT)/bench-* build/results build/logs build/bench build/bench-smoke
