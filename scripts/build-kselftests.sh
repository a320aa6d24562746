#!/bin/bash
# build-kselftests.sh: build upstream's tools/testing/selftests/mm of TREE
# (the series' tree: its remap_vmalloc test and category included) with
# kselftest's own Makefiles, statically linked, and install it with its
# runner (run_kselftest.sh, kselftest/runner.sh) into OUT/kselftest; the
# guest initramfs carries it (scripts/make-initramfs.sh) and both the 7.3.4
# and the series' kernel run the same binaries (scripts/run-mm-selftests.sh).
# No `make -k`: a test that does not build fails the build. Left out, and so
# skipped by run_vmtests.sh: the page_frag module (it needs a built kernel's
# Module.symvers; the guest loads no modules) and the *_32 programs when the
# host has no 32-bit C library.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
build=$OUT/kselftest-build
inst=$OUT/kselftest

echo "build-kselftests: ${TREE#"$top"/}/tools/testing/selftests/mm -> ${inst#"$top"/}"
run_logged "$LOGS/kselftest-headers.log" "install UAPI headers for selftests" \
	kmake "$build" headers
rm -rf "$inst"
# CC without ccache: the selftests' Makefiles test-compile with it. The
# 32-bit programs need a 32-bit libc (CAN_BUILD_I386 decides).
run_logged "$LOGS/kselftest-build.log" "build selftests/mm (static)" \
	make -C "$TREE/tools/testing/selftests" -j"$JOBS" O="$build" TARGETS=mm \
	TEST_GEN_MODS_DIR= EXTRA_CFLAGS=-static LDFLAGS=-static \
	KSFT_INSTALL_PATH="$inst" install
# Every program the Makefile lists must be there (a silently skipped one
# would only show up as a missing row in the table).
missing=()
progs=$(make -s -C "$TREE/tools/testing/selftests/mm" OUTPUT="$inst/mm" \
	TEST_GEN_MODS_DIR= --eval 'print-progs: ; @echo $(TEST_GEN_FILES) $(TEST_GEN_PROGS)' print-progs) ||
	die "could not list selftests/mm's programs"
[ -n "$progs" ] || die "selftests/mm's Makefile lists no programs"
for p in $progs; do
	[ -x "$inst/mm/$(basename "$p")" ] || missing+=("$(basename "$p")")
done
[ ${#missing[@]} -eq 0 ] || die "selftests/mm programs not built: ${missing[*]}"
for f in "$inst"/mm/*; do
	[ "$(head -c 4 "$f" | tail -c 3)" != ELF ] || strip "$f"
done
echo "  $(find "$inst/mm" -maxdepth 1 -type f -perm -u+x | wc -l) programs and scripts, $(du -sh "$inst" | cut -f1)"

# The overlay the mm stage appends to the guest initramfs (the kernel unpacks
# concatenated archives in order): /kselftest, bash for run_vmtests.sh
# (Debian's bash-static), guest/bin's timeout and sudo, users root and nobody.
root=$OUT/kselftest-root
bash_static=/bin/bash-static
[ -x "$bash_static" ] || die "no $bash_static (install bash-static)"
rm -rf "$root"
mkdir -p "$root"/{bin,etc,usr/bin}
cp -a "$inst" "$root/kselftest"
cp "$bash_static" "$root/bin/bash"
install -m 755 "$top/guest/bin/timeout" "$root/usr/bin/timeout"
install -m 755 "$top/guest/bin/sudo" "$root/bin/sudo"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
pack_cpio "$root" 6 >"$OUT/kselftest-initramfs.cpio.gz"
echo "  overlay: $(du -h "$OUT/kselftest-initramfs.cpio.gz" | cut -f1)"
