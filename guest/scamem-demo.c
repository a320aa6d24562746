// SPDX-License-Identifier: GPL-2.0
/*
 * scamem-demo: what `make run` shows. Maps kernel vmalloc memory into this
 * process the way drivers do (remap_vmalloc_range()), prints what userspace
 * can see of it, and checks each step. Output is TAP: "# " lines narrate,
 * "ok"/"not ok" lines are the checks `make test` counts.
 *
 * 1. An AF_XDP RX ring: vmalloc_user() memory of net/xdp, mapped twice.
 * 2. A buffer of the remap_vmalloc_test debugfs file: page counts before and
 *    after mmap(), GUP through the mapping (process_vm_readv()), then the
 *    driver vfree()s the buffer while it is mapped and the mapping still
 *    works until munmap().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/if_xdp.h>

#include "mm/remap_vmalloc_test.h"

#ifndef AF_XDP
#define AF_XDP 44
#endif
#ifndef SOL_XDP
#define SOL_XDP 283
#endif

#define NR 8

static int checks, failures;

static void check(int ok, const char *what)
{
	checks++;
	if (!ok)
		failures++;
	printf("%sok %d %s\n", ok ? "" : "not ", checks, what);
}

static size_t pg(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static uint64_t pfn_of(const void *addr)
{
	uint64_t ent = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd >= 0) {
		if (pread(fd, &ent, 8, (uintptr_t)addr / pg() * 8) != 8)
			ent = 0;
		close(fd);
	}
	return (ent >> 63) ? ent & ((1ULL << 55) - 1) : 0;
}

static long mapcount(uint64_t pfn)
{
	uint64_t n;
	int fd = open("/proc/kpagecount", O_RDONLY);
	long ret = -1;

	if (fd >= 0) {
		if (pread(fd, &n, 8, pfn * 8) == 8)
			ret = (long)n;
		close(fd);
	}
	return ret;
}

static void xsk_ring(void)
{
	struct xdp_mmap_offsets off;
	socklen_t len = sizeof(off);
	int ndescs = 512, fd;
	char *a, *b;
	size_t size;

	printf("# --- 1. an AF_XDP RX ring (net/xdp: vmalloc_user + remap_vmalloc_range)\n");
	fd = socket(AF_XDP, SOCK_RAW, 0);
	if (fd < 0 || setsockopt(fd, SOL_XDP, XDP_RX_RING, &ndescs, sizeof(ndescs)) ||
	    getsockopt(fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &len)) {
		printf("# AF_XDP unavailable: %s\n", strerror(errno));
		check(0, "AF_XDP ring set up");
		return;
	}
	size = off.rx.desc + ndescs * sizeof(struct xdp_desc);
	a = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, XDP_PGOFF_RX_RING);
	b = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, XDP_PGOFF_RX_RING);
	check(a != MAP_FAILED && b != MAP_FAILED, "AF_XDP ring mapped twice");
	if (a == MAP_FAILED || b == MAP_FAILED)
		return;
	printf("# ring of %zu bytes at %p and %p\n", size, a, b);
	printf("# first page: PFN %#llx in both mappings; /proc/kpagecount says %ld\n",
	       (unsigned long long)pfn_of(a), mapcount(pfn_of(a)));
	printf("#   (7.3.4's vm_insert_page() would say 2: one mapcount per PTE)\n");
	check(pfn_of(a) == pfn_of(b) && pfn_of(a) != 0, "both mappings show the same page");
	check(mapcount(pfn_of(a)) == 0, "the page's mapcount is untouched by two mappings");
	*(volatile uint32_t *)(a + off.rx.consumer) = 42;
	printf("# wrote consumer index 42 through the first mapping; the second reads %u\n",
	       *(volatile uint32_t *)(b + off.rx.consumer));
	check(*(volatile uint32_t *)(b + off.rx.consumer) == 42, "data shared between the mappings");
	munmap(a, size);
	munmap(b, size);
	close(fd);
}

static void driver_buffer(void)
{
	struct remap_vmalloc_pfns req;
	uint64_t pfns[NR], nr = NR, tags[NR];
	struct iovec local, remote;
	long before[NR];
	int fd, i, ok;
	char *map;

	printf("# --- 2. a driver's vmalloc_user() buffer (remap_vmalloc_test debugfs file)\n");
	fd = open("/sys/kernel/debug/remap_vmalloc_test", O_RDWR);
	if (fd < 0 || ioctl(fd, REMAP_VMALLOC_ALLOC, &nr)) {
		printf("# no remap_vmalloc_test: %s\n", strerror(errno));
		check(0, "driver buffer allocated");
		return;
	}
	req.addr = (uintptr_t)pfns;
	req.nr = NR;
	check(ioctl(fd, REMAP_VMALLOC_PFNS, &req) == 0, "driver reports its page frames");
	for (i = 0; i < NR; i++)
		before[i] = mapcount(pfns[i]);
	printf("# driver allocated %d pages with vmalloc_user(); page 0 is PFN %#llx, mapcount %ld\n",
	       NR, (unsigned long long)pfns[0], before[0]);

	map = mmap(NULL, NR * pg(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check(map != MAP_FAILED, "mmap() of the buffer (remap_vmalloc_range)");
	if (map == MAP_FAILED)
		return;
	ok = 1;
	for (i = 0; i < NR; i++)
		ok &= pfn_of(map + i * pg()) == pfns[i] && mapcount(pfns[i]) == before[i];
	printf("# mapped at %p: page 0 is PFN %#llx, mapcount %ld (special PTEs: no count)\n",
	       map, (unsigned long long)pfn_of(map), mapcount(pfns[0]));
	check(ok, "every page mapped, no page's mapcount changed");

	local.iov_base = tags;
	local.iov_len = sizeof(tags[0]);
	ok = 1;
	for (i = 0; i < NR; i++) {
		local.iov_base = &tags[i];
		remote.iov_base = map + i * pg();
		remote.iov_len = sizeof(tags[0]);
		ok &= process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == 8 &&
		      tags[i] == REMAP_VMALLOC_TAG(i);
	}
	printf("# process_vm_readv() (GUP through the special PTEs) read tag %#llx from page 7\n",
	       (unsigned long long)tags[NR - 1]);
	check(ok, "GUP reads the driver's data from every page");

	check(ioctl(fd, REMAP_VMALLOC_FREE) == 0, "driver vfree()s the buffer while it is mapped");
	strcpy(map + 3 * pg() + 64, "still here after vfree()");
	ok = 1;
	for (i = 0; i < NR; i++)
		ok &= *(volatile uint64_t *)(map + i * pg()) == REMAP_VMALLOC_TAG(i);
	printf("# after vfree(): page 3 reads \"%s\"; the VMA's scamem reference keeps the pages\n",
	       map + 3 * pg() + 64);
	check(ok, "mapping still valid after the owner freed the buffer");
	check(munmap(map, NR * pg()) == 0, "munmap() drops the last reference: pages freed now");
	close(fd);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n1..11\n");
	printf("# scamem demo: kernel vmalloc memory mapped into a process\n");
	xsk_ring();
	driver_buffer();
	printf("# %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
