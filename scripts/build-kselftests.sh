#!/bin/bash
# build-kselftests.sh: build upstream's tools/testing/selftests/mm and
# selftests/xen of TREE (the series' tree: its remap_vmalloc, scamem_stress
# and gntdev_loopback tests included) with kselftest's own Makefiles,
# statically linked, and install them with their runner (run_kselftest.sh,
# kselftest/runner.sh) into OUT/kselftest; OUT/kselftest-root is that as
# /kselftest plus what the runner needs, which the guest initramfs carries
# (scripts/make-initramfs.sh). The guest stage runs the series' tests
# through run_kselftest.sh (guest/settings), the mm stage all of selftests/mm
# on 7.3.4 and the series (scripts/run-mm-selftests.sh), with the same binaries.
# No `make -k`: a test that does not build fails the build. Left out, and so
# skipped by run_vmtests.sh: the page_frag module (it needs a built kernel's
# Module.symvers; the guest loads no modules) and the *_32 programs when the
# host has no 32-bit C library.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
build=$OUT/kselftest-build
inst=$OUT/kselftest

targets="mm xen"
echo "build-kselftests: ${TREE#"$top"/}/tools/testing/selftests/{${targets// /,}} -> ${inst#"$top"/}"
run_logged "$LOGS/kselftest-headers.log" "install UAPI headers for selftests" \
	kmake "$build" headers
rm -rf "$inst"
# CC without ccache: the selftests' Makefiles test-compile with it. The
# 32-bit programs need a 32-bit libc (CAN_BUILD_I386 decides). No clone's
# path in the binaries (the harness prints __FILE__): every clone builds the
# same ones, which make bench's initramfs relies on.
run_logged "$LOGS/kselftest-build.log" "build selftests $targets (static)" \
	make -C "$TREE/tools/testing/selftests" -j"$JOBS" O="$build" TARGETS="$targets" \
	TEST_GEN_MODS_DIR= EXTRA_CFLAGS="-static -ffile-prefix-map=$TREE/=" LDFLAGS=-static \
	KSFT_INSTALL_PATH="$inst" install
# Every program the Makefiles list must be there (a silently skipped one
# would only show up as a missing row in a table).
missing=()
for t in $targets; do
	progs=$(make -s -C "$TREE/tools/testing/selftests/$t" OUTPUT="$inst/$t" \
		TEST_GEN_MODS_DIR= --eval 'print-progs: ; @echo $(TEST_GEN_FILES) $(TEST_GEN_PROGS)' print-progs) ||
		die "could not list selftests/$t's programs"
	[ -n "$progs" ] || die "selftests/$t's Makefile lists no programs"
	for p in $progs; do
		[ -x "$inst/$t/$(basename "$p")" ] || missing+=("$t/$(basename "$p")")
	done
	for f in "$inst/$t"/*; do
		[ "$(head -c 4 "$f" | tail -c 3)" != ELF ] || strip "$f"
	done
done
[ ${#missing[@]} -eq 0 ] || die "selftests programs not built: ${missing[*]}"
echo "  $(find "$inst"/* -maxdepth 1 -type f -perm -u+x | wc -l) programs and scripts, $(du -sh "$inst" | cut -f1)"

# What the guest initramfs adds (scripts/make-initramfs.sh): /kselftest,
# bash for run_kselftest.sh and run_vmtests.sh (Debian's bash-static),
# guest/bin's timeout and sudo, /usr/bin/env, users root and nobody.
root=$OUT/kselftest-root
bash_static=/bin/bash-static
[ -x "$bash_static" ] || die "no $bash_static (install bash-static)"
rm -rf "$root" "$OUT/kselftest-initramfs.cpio.gz"
mkdir -p "$root"/{bin,etc,usr/bin}
cp -a "$inst" "$root/kselftest"
cp "$bash_static" "$root/bin/bash"
install -m 755 "$top/guest/bin/timeout" "$root/usr/bin/timeout"
install -m 755 "$top/guest/bin/sudo" "$root/bin/sudo"
# kselftest/prefix.pl's #!/usr/bin/env perl (perl: guest/guest-debs.list).
ln -s /bin/busybox "$root/usr/bin/env"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
echo "  ${root#"$top"/}: $(du -sh "$root" | cut -f1)"
