// SPDX-License-Identifier: GPL-2.0
/*
 * Guest smoke test: proves the guest path end to end (static build against
 * the tree's kselftest_harness.h, initramfs, TAP on the serial console) with a
 * few real checks of the kernel under test.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kselftest_harness.h"

/* BASE_VERSION of configs/versions (scripts/build-guest-programs.sh). */
#ifndef KERNEL_VERSION_PREFIX
#error "build with -DKERNEL_VERSION_PREFIX=\"<version>\""
#endif

/* The kernel under test is Linux 7.3.4 (plus the series). */
TEST(uname_release)
{
	struct utsname u;

	ASSERT_EQ(0, uname(&u));
	ksft_print_msg("uname: %s %s %s\n", u.sysname, u.release, u.machine);
	ASSERT_EQ(0, strncmp(u.release, KERNEL_VERSION_PREFIX,
			     strlen(KERNEL_VERSION_PREFIX)))
		TH_LOG("release %s does not start with %s", u.release,
		       KERNEL_VERSION_PREFIX);
}

/* /proc/self/maps is readable and shows the stack. */
TEST(proc_self_maps)
{
	char buf[16384];
	ssize_t n, len = 0;
	int fd;

	fd = open("/proc/self/maps", O_RDONLY);
	ASSERT_LE(0, fd) TH_LOG("open /proc/self/maps: %s", strerror(errno));
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	ASSERT_LT(0, len);
	ksft_print_msg("/proc/self/maps: %zd bytes\n", len);
	EXPECT_NE(NULL, strstr(buf, "[stack]"));
}

/* Anonymous mmap: write, read back, see it in maps, munmap, see it gone. */
TEST(anon_mmap_round_trip)
{
	size_t page = sysconf(_SC_PAGESIZE), len = 4 * page, i;
	unsigned char vec[4];
	unsigned char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	ksft_print_msg("mapped %zu bytes of anonymous memory at %p\n", len, p);
	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7);
	for (i = 0; i < len; i++)
		ASSERT_EQ((unsigned char)(i * 7), p[i]);
	ASSERT_EQ(0, mincore(p, len, vec));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(1, vec[i] & 1);
	ASSERT_EQ(0, munmap(p, len));
	ksft_print_msg("unmapped it; mincore now fails with ENOMEM\n");
	ASSERT_EQ(-1, mincore(p, len, vec));
	EXPECT_EQ(ENOMEM, errno);
}

/*
 * /proc/kpagecount: a private anonymous page we touched once is mapped
 * exactly once. Uses /proc/self/pagemap to find its PFN (needs root).
 */
TEST(kpagecount_of_anon_page)
{
	size_t page = sysconf(_SC_PAGESIZE);
	uint64_t entry, pfn, count;
	volatile char *p;
	int pm, kc;

	kc = open("/proc/kpagecount", O_RDONLY);
	if (kc < 0 && errno == ENOENT)
		SKIP(return, "no /proc/kpagecount (CONFIG_PROC_PAGE_MONITOR off)");
	ASSERT_LE(0, kc) TH_LOG("open /proc/kpagecount: %s", strerror(errno));
	pm = open("/proc/self/pagemap", O_RDONLY);
	ASSERT_LE(0, pm) TH_LOG("open /proc/self/pagemap: %s", strerror(errno));

	p = mmap(NULL, page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, (void *)p);
	p[0] = 1;

	ASSERT_EQ(sizeof(entry),
		  pread(pm, &entry, sizeof(entry),
			(uintptr_t)p / page * sizeof(entry)));
	ASSERT_NE(0, entry >> 63) TH_LOG("page not present: %#llx",
					 (unsigned long long)entry);
	pfn = entry & ((1ULL << 55) - 1);
	ASSERT_NE(0, pfn) TH_LOG("pagemap hides PFNs (not root?)");
	ASSERT_EQ(sizeof(count), pread(kc, &count, sizeof(count), pfn * 8));
	ksft_print_msg("page at %p is pfn %#llx, kpagecount %llu\n", p,
		       (unsigned long long)pfn, (unsigned long long)count);
	EXPECT_EQ(1, count);

	munmap((void *)p, page);
	close(pm);
	close(kc);
}

TEST_HARNESS_MAIN
