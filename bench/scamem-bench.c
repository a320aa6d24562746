// SPDX-License-Identifier: GPL-2.0
/*
 * scamem-bench: the guest side of `make bench`. Loads the benchmark module
 * built for the running kernel (scamem.bench=base|series on the kernel
 * command line picks /bench/KIND/scamem_bench.ko), then measures with
 * clock_gettime(CLOCK_MONOTONIC) and prints one line per figure:
 *
 *	BENCH metric unit value
 *
 * Under QEMU's -icount shift=0 the guest clock advances 1 ns per guest
 * instruction, so "ns" figures are instruction counts there.
 * With --smoke (or scamem.bench_smoke on the command line) every benchmark
 * runs once at tiny sizes, to check that it works.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scamem_bench.h"

#define PAGE 4096UL
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const method_name[SCAMEM_BENCH_NR_METHODS] = {
	[SCAMEM_BENCH_INSERT_PAGE] = "insert_page",
	[SCAMEM_BENCH_INSERT_PAGES] = "insert_pages",
	[SCAMEM_BENCH_PFNMAP] = "pfnmap",
	[SCAMEM_BENCH_PFNMAP_RUNS] = "pfnmap_runs",
	[SCAMEM_BENCH_REMAP_VMALLOC] = "remap_vmalloc",
};

static int smoke;
static int dev = -1;
static int failed;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void report(const char *metric, const char *unit, double value)
{
	printf("BENCH %s %s %.1f\n", metric, unit, value);
	fflush(stdout);
}

static void fail(const char *what)
{
	printf("# scamem-bench: %s: %s\n", what, strerror(errno));
	fflush(stdout);
	failed = 1;
}

/* Repetitions for a loop over n pages: about 64k pages in all, at least 8. */
static int reps_for(size_t n)
{
	size_t r = 65536 / n;

	if (smoke)
		return 1;
	if (r > 1024)
		r = 1024;
	return r < 8 ? 8 : r;
}

static void *map_dev(int method, size_t pages, int flags)
{
	off_t off = (off_t)method * SCAMEM_BENCH_STRIDE_PAGES * PAGE;

	return mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		    MAP_SHARED | flags, dev, off);
}

static int load_module(void)
{
	char kind[16] = "", path[64], cmdline[4096];
	ssize_t n;
	char *s;
	int fd;

	fd = open("/proc/cmdline", O_RDONLY);
	n = fd < 0 ? -1 : read(fd, cmdline, sizeof(cmdline) - 1);
	if (fd >= 0)
		close(fd);
	cmdline[n > 0 ? n : 0] = '\0';
	if (strstr(cmdline, "scamem.bench_smoke"))
		smoke = 1;
	s = strstr(cmdline, "scamem.bench=");
	if (!s || sscanf(s, "scamem.bench=%15[a-z]", kind) != 1) {
		printf("# scamem-bench: no scamem.bench=base|series on the command line\n");
		return -1;
	}
	snprintf(path, sizeof(path), "/bench/%s/scamem_bench.ko", kind);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0)) {
		fail(path);
		return -1;
	}
	close(fd);
	dev = open("/dev/scamem_bench", O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		fail("/dev/scamem_bench");
		return -1;
	}
	printf("# scamem-bench: loaded %s\n", path);
	return 0;
}

/* mmap() (with flags) + munmap() of n pages, per page. */
static void time_map(const char *name, int m, size_t n, int flags)
{
	int r, reps = reps_for(n);
	uint64_t t = 0;
	void *p;

	/* One unmeasured round: page tables, caches. */
	for (r = -1; r < reps; r++) {
		if (r == 0)
			t = now_ns();
		p = map_dev(m, n, flags);
		if (p == MAP_FAILED) {
			fail(name);
			return;
		}
		munmap(p, n * PAGE);
	}
	t = now_ns() - t;
	report(name, "ns/page", (double)t / reps / n);
}

/*
 * mmap(MAP_POPULATE) + munmap of n pages, per page, each method; and without
 * MAP_POPULATE (the PTEs are filled by ->mmap() all the same: what the
 * populate walk over them costs) for the largest size.
 */
static void bench_map(void)
{
	static const size_t sizes[] = { 1, 16, 256, 4096 };
	size_t big = smoke ? 16 : 4096;
	char name[64];
	unsigned int i;
	int m;

	for (m = 0; m < SCAMEM_BENCH_NR_METHODS; m++) {
		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			if (smoke && sizes[i] > 16)
				continue;
			snprintf(name, sizeof(name), "map_%s_%zup", method_name[m], sizes[i]);
			time_map(name, m, sizes[i], MAP_POPULATE);
		}
	}
	for (m = 0; m < SCAMEM_BENCH_NR_METHODS; m++) {
		snprintf(name, sizeof(name), "map_nopopulate_%s_%zup", method_name[m], big);
		time_map(name, m, big, 0);
	}
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/*
 * A real user: the bpf ring buffer maps its producer page and its data
 * pages twice (a vmap(VM_USERMAP) area) with remap_vmalloc_range().
 */
static void bench_ringbuf(void)
{
	static const size_t data_pages[] = { 128, 2048 };
	union bpf_attr attr;
	char name[64];
	unsigned int i;
	int fd, r, reps;

	for (i = 0; i < ARRAY_SIZE(data_pages); i++) {
		size_t n = 1 + 2 * data_pages[i];
		uint64_t t = 0;
		void *p;

		if (smoke && i)
			break;
		memset(&attr, 0, sizeof(attr));
		attr.map_type = BPF_MAP_TYPE_RINGBUF;
		attr.max_entries = data_pages[i] * PAGE;
		fd = sys_bpf(BPF_MAP_CREATE, &attr);
		if (fd < 0) {
			fail("BPF_MAP_CREATE ringbuf");
			return;
		}
		reps = reps_for(n);
		for (r = -1; r < reps; r++) {
			if (r == 0)
				t = now_ns();
			p = mmap(NULL, n * PAGE, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, PAGE);
			if (p == MAP_FAILED) {
				fail("mmap ringbuf");
				close(fd);
				return;
			}
			munmap(p, n * PAGE);
		}
		t = now_ns() - t;
		close(fd);
		snprintf(name, sizeof(name), "map_ringbuf_%zup", n);
		report(name, "ns/page", (double)t / reps / n);
	}
}

/* fork() + child exit + wait of a process holding an n-page mapping. */
static void bench_fork(void)
{
	static const size_t sizes[] = { 0, 256, 4096 }, smoke_sizes[] = { 0, 16 };
	unsigned int i, nr = smoke ? ARRAY_SIZE(smoke_sizes) : ARRAY_SIZE(sizes);
	int r, reps = smoke ? 1 : 64;
	char name[64];

	for (i = 0; i < nr; i++) {
		size_t n = smoke ? smoke_sizes[i] : sizes[i];
		void *p = NULL;
		uint64_t t = 0;
		pid_t pid;

		if (n) {
			p = map_dev(SCAMEM_BENCH_REMAP_VMALLOC, n, MAP_POPULATE);
			if (p == MAP_FAILED) {
				fail("mmap for fork");
				return;
			}
		}
		for (r = -1; r < reps; r++) {
			if (r == 0)
				t = now_ns();
			pid = fork();
			if (pid == 0)
				_exit(0);
			if (pid < 0 || waitpid(pid, NULL, 0) != pid) {
				fail("fork");
				break;
			}
		}
		t = now_ns() - t;
		if (n)
			munmap(p, n * PAGE);
		snprintf(name, sizeof(name), "fork_%zup", n);
		report(name, "ns/fork", (double)t / reps);
	}
}

/* GUP through the mapping: process_vm_readv, and a pin (O_DIRECT read). */
static void bench_gup(void)
{
	size_t n = smoke ? 16 : 256, len = n * PAGE;
	int r, reps = smoke ? 1 : 64, fd;
	struct iovec local, remote;
	char *p, *buf, name[64];
	uint64_t t = 0;

	p = map_dev(SCAMEM_BENCH_REMAP_VMALLOC, n, MAP_POPULATE);
	buf = aligned_alloc(PAGE, len);
	if (p == MAP_FAILED || !buf) {
		fail("mmap for gup");
		return;
	}
	memset(buf, 1, len);
	local.iov_base = buf;
	local.iov_len = len;
	remote.iov_base = p;
	remote.iov_len = len;
	for (r = -1; r < reps; r++) {
		if (r == 0)
			t = now_ns();
		if (process_vm_readv(getpid(), &local, 1, &remote, 1, 0) != (ssize_t)len) {
			fail("process_vm_readv");
			break;
		}
	}
	t = now_ns() - t;
	snprintf(name, sizeof(name), "gup_process_vm_readv_%zup", n);
	report(name, "ns/call", (double)t / reps);

	/* brd: reading never-written sectors copies zeroes, nothing else. */
	fd = open("/dev/ram0", O_RDONLY | O_DIRECT);
	if (fd < 0) {
		fail("/dev/ram0");
	} else {
		for (r = -1; r < reps; r++) {
			if (r == 0)
				t = now_ns();
			if (pread(fd, p, len, 0) != (ssize_t)len) {
				fail("O_DIRECT read into the mapping");
				break;
			}
		}
		t = now_ns() - t;
		close(fd);
		snprintf(name, sizeof(name), "gup_odirect_read_%zup", n);
		report(name, "ns/call", (double)t / reps);
	}
	munmap(p, len);
	free(buf);
}

/* mprotect of a middle page and back; munmap of a middle page. */
static void bench_split(void)
{
	static const size_t sizes[] = { 256, 4096 };
	unsigned int i, nr = smoke ? 1 : ARRAY_SIZE(sizes);
	int r, reps = smoke ? 1 : 64;
	char name[64];

	for (i = 0; i < nr; i++) {
		size_t n = smoke ? 16 : sizes[i];
		uint64_t t = 0, tm = 0;
		char *p, *mid;

		p = map_dev(SCAMEM_BENCH_REMAP_VMALLOC, n, MAP_POPULATE);
		if (p == MAP_FAILED) {
			fail("mmap for split");
			return;
		}
		mid = p + n / 2 * PAGE;
		for (r = -1; r < reps; r++) {
			if (r == 0)
				t = now_ns();
			if (mprotect(mid, PAGE, PROT_READ) ||
			    mprotect(mid, PAGE, PROT_READ | PROT_WRITE)) {
				fail("mprotect");
				break;
			}
		}
		t = now_ns() - t;
		munmap(p, n * PAGE);
		snprintf(name, sizeof(name), "split_mprotect_%zup", n);
		report(name, "ns/cycle", (double)t / reps);

		for (r = -1; r < reps; r++) {
			p = map_dev(SCAMEM_BENCH_REMAP_VMALLOC, n, MAP_POPULATE);
			if (p == MAP_FAILED) {
				fail("mmap for split");
				return;
			}
			mid = p + n / 2 * PAGE;
			t = now_ns();
			munmap(mid, PAGE);
			if (r >= 0)
				tm += now_ns() - t;
			munmap(p, n * PAGE);
		}
		snprintf(name, sizeof(name), "split_munmap_%zup", n);
		report(name, "ns/call", (double)tm / reps);
	}
}

static long read_long(const char *path)
{
	long v = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%ld", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

/* Fold the per-CPU vmstat counters into the global ones. */
static void stat_refresh(void)
{
	int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);

	if (fd >= 0) {
		if (write(fd, "1", 1) < 0)
			fail("stat_refresh");
		close(fd);
	}
}

/* Counters of /proc/vmstat, in pages (the *_b items too: it prints pages). */
struct vmstat {
	long slab, vmalloc, page_tables;
};

static void read_vmstat(struct vmstat *v)
{
	char line[256], name[64];
	FILE *f;
	long n;

	memset(v, 0, sizeof(*v));
	f = fopen("/proc/vmstat", "r");
	if (!f) {
		fail("/proc/vmstat");
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %ld", name, &n) != 2)
			continue;
		if (!strcmp(name, "nr_slab_reclaimable") || !strcmp(name, "nr_slab_unreclaimable"))
			v->slab += n;
		else if (!strcmp(name, "nr_vmalloc"))
			v->vmalloc = n;
		else if (!strcmp(name, "nr_page_table_pages"))
			v->page_tables = n;
	}
	fclose(f);
}

static long cache_long(const char *cache, const char *file)
{
	char path[512];

	snprintf(path, sizeof(path), "/sys/kernel/slab/%s/%s", cache, file);
	return read_long(path);
}

static int get_order(long size)
{
	int order = 0;

	while ((long)(PAGE << order) < size)
		order++;
	return order;
}

/*
 * Pages in slabs of one cache. "slabs" and "total_objects" are the node
 * counters (nr_slabs, total_objects: every slab the cache has, on a per-CPU
 * partial list, a CPU's or a node's, full or not), so they hold however the
 * per-CPU caches stand. A slab has "order" pages, unless its allocation fell
 * back to the minimal order (mm/slub.c allocate_slab(), s->min: the order of
 * one object of slab_size bytes); such a slab has fewer objects, which tells
 * how many there are: total_objects = a * objs_per_slab + b * min_objs.
 */
static long cache_slab_pages(const char *cache)
{
	long slabs = cache_long(cache, "slabs"), order = cache_long(cache, "order");
	long per = cache_long(cache, "objs_per_slab"), total = cache_long(cache, "total_objects");
	long size = cache_long(cache, "slab_size");
	int min_order = size > 0 ? get_order(size) : (int)order;
	long min_per = size > 0 ? (long)(PAGE << min_order) / size : per;
	long fallback = 0;

	if (min_order < order && per > min_per && slabs * per > total)
		fallback = (slabs * per - total) / (per - min_per);
	return ((slabs - fallback) << order) + (fallback << min_order);
}

/*
 * What the kernel holds as metadata, in the parts snap() adds up (bytes):
 * slab objects, large kmallocs, vmalloc pages that are not held data pages,
 * page tables.
 */
struct snap {
	long objects, bytes;
	long slab_bytes, large_bytes, vmalloc_bytes, pt_bytes;
};

/*
 * Every byte of kernel metadata we can see, after the objects freed through
 * RCU are gone and the per-CPU vmstat counters are folded:
 *  - slab objects in use and their bytes (object_size each), summed over
 *    every cache (aliases are symlinks);
 *  - large kmallocs (above KMALLOC_MAX_CACHE_SIZE, straight from the page
 *    allocator): the kernel's slab pages (nr_slab_*, which count those too)
 *    less the pages of every cache's slabs;
 *  - vmalloc pages (nr_vmalloc) less the data pages of the areas the module
 *    holds: page arrays that are themselves vmalloc()ed, and any other
 *    vmalloc() the measured operation makes;
 *  - page tables (nr_page_table_pages; the kernel's tables of vmalloc space
 *    count there too).
 */
static void snap(struct snap *s)
{
	struct scamem_bench_info info;
	long slab_pages = 0;
	struct vmstat v;
	struct dirent *e;
	DIR *d;
	long n;

	memset(s, 0, sizeof(*s));
	if (ioctl(dev, SCAMEM_BENCH_IOC_SETTLE))
		fail("SCAMEM_BENCH_IOC_SETTLE");
	if (ioctl(dev, SCAMEM_BENCH_IOC_INFO, &info))
		fail("SCAMEM_BENCH_IOC_INFO");
	stat_refresh();
	read_vmstat(&v);
	d = opendir("/sys/kernel/slab");
	if (!d) {
		fail("/sys/kernel/slab");
		return;
	}
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		n = cache_long(e->d_name, "objects");
		s->objects += n;
		s->slab_bytes += n * cache_long(e->d_name, "object_size");
		slab_pages += cache_slab_pages(e->d_name);
	}
	closedir(d);
	s->large_bytes = (v.slab - slab_pages) * (long)PAGE;
	s->vmalloc_bytes = (v.vmalloc - (long)info.held_pages) * (long)PAGE;
	s->pt_bytes = v.page_tables * (long)PAGE;
	s->bytes = s->slab_bytes + s->large_bytes + s->vmalloc_bytes + s->pt_bytes;
}

static void report_delta(const char *what, const struct snap *a, int count)
{
	struct snap b;
	char name[96];

	snap(&b);
	snprintf(name, sizeof(name), "%s_allocs", what);
	report(name, "count", (double)(b.objects - a->objects) / count);
	snprintf(name, sizeof(name), "%s_bytes", what);
	report(name, "bytes", (double)(b.bytes - a->bytes) / count);
	/* The parts of the bytes, to see where they go (not a table row). */
	printf("# memory %s per item: slab %.1f large-kmalloc %.1f vmalloc %.1f page-tables %.1f\n",
	       what, (double)(b.slab_bytes - a->slab_bytes) / count,
	       (double)(b.large_bytes - a->large_bytes) / count,
	       (double)(b.vmalloc_bytes - a->vmalloc_bytes) / count,
	       (double)(b.pt_bytes - a->pt_bytes) / count);
	fflush(stdout);
}

/*
 * Memory: slab allocations and kernel bytes per vmalloc(), per mapping and
 * per split. Each is the slope over many held at once: the first "warm"
 * ones empty the per-cpu caches of freed objects (which count as in use),
 * the difference over the next "count" ones is what each one adds.
 */
static int hold(unsigned int count, unsigned int pages, unsigned int flags)
{
	struct scamem_bench_hold h = { .count = count, .pages = pages, .flags = flags };

	if (ioctl(dev, SCAMEM_BENCH_IOC_HOLD, &h)) {
		fail("SCAMEM_BENCH_IOC_HOLD");
		return -1;
	}
	return 0;
}

static int map_many(char **maps, int count, size_t n)
{
	int i;

	for (i = 0; i < count; i++) {
		maps[i] = map_dev(SCAMEM_BENCH_REMAP_VMALLOC, n, MAP_POPULATE);
		if (maps[i] == MAP_FAILED) {
			fail("mmap for memory");
			return -1;
		}
	}
	return 0;
}

static int split_many(char **maps, int count, size_t n)
{
	int i;

	/* Split each mapping in three: mprotect its middle page. */
	for (i = 0; i < count; i++) {
		if (mprotect(maps[i] + n / 2 * PAGE, PAGE, PROT_READ)) {
			fail("mprotect for memory");
			return -1;
		}
	}
	return 0;
}

/*
 * The vmalloc rows: N pages per area, warm + count areas held, the warm ones
 * with warm_flags. 512 and 4096 pages do not fit the guest as full areas
 * (3072 of 16 MiB): the module shrinks them to one page each
 * (SCAMEM_BENCH_HOLD_SHRINK), which keeps every byte of their metadata.
 * vmalloc_512p_full checks that: 384 full areas (after 1024 shrunk ones,
 * which use up the same caches' per-CPU objects; 1024 full ones would not
 * fit next to them).
 */
static const struct vrow {
	const char *name;
	unsigned int pages, warm_flags, flags;
	int warm, count, smoke_warm, smoke_count;
} vrows[] = {
	{ "vmalloc_1p", 1, 0, 0, 1024, 2048, 16, 64 },
	{ "vmalloc_16p", 16, 0, 0, 1024, 2048, 16, 64 },
	{ "vmalloc_64p", 64, 0, 0, 1024, 2048, 16, 64 },
	{ "vmalloc_512p", 512, SCAMEM_BENCH_HOLD_SHRINK, SCAMEM_BENCH_HOLD_SHRINK,
	  1024, 2048, 16, 64 },
	{ "vmalloc_512p_full", 512, SCAMEM_BENCH_HOLD_SHRINK, 0, 1024, 384, 16, 16 },
	{ "vmalloc_4096p", 4096, SCAMEM_BENCH_HOLD_SHRINK, SCAMEM_BENCH_HOLD_SHRINK,
	  1024, 2048, 16, 64 },
};

static void bench_memory(void)
{
	int warm = smoke ? 16 : 1024, count = smoke ? 64 : 2048, i;
	struct scamem_bench_info info;
	char name[64], **maps;
	struct snap s;
	unsigned int k;

	/*
	 * The kernel's page tables of vmalloc space are allocated for the
	 * first area that uses an address and never freed: a figure would
	 * hold them or not depending on how far earlier rows reached. Reach
	 * as far as the largest row first (3072 shrunk 4096-page areas,
	 * 48 GiB), so that no vmalloc row pays for them, on either kernel.
	 */
	if (hold(smoke ? 80 : 3072, 4096, SCAMEM_BENCH_HOLD_SHRINK))
		return;
	ioctl(dev, SCAMEM_BENCH_IOC_FREE);
	/*
	 * The first walk of /sys/kernel/slab allocates the dentries and
	 * inodes of the files it opens, while it counts: one walk before the
	 * first figure, so that no figure holds them.
	 */
	snap(&s);
	for (k = 0; k < ARRAY_SIZE(vrows); k++) {
		const struct vrow *v = &vrows[k];
		int w = smoke ? v->smoke_warm : v->warm, c = smoke ? v->smoke_count : v->count;

		if (hold(w, v->pages, v->warm_flags))
			return;
		snap(&s);
		if (hold(c, v->pages, v->flags))
			return;
		report_delta(v->name, &s, c);
		ioctl(dev, SCAMEM_BENCH_IOC_FREE);
	}

	maps = calloc(warm + count, sizeof(*maps));
	if (!maps)
		return;
	for (k = 0; k < 2; k++) {
		size_t n = k ? 256 : 1;

		if (map_many(maps, warm, n))
			break;
		snap(&s);
		if (map_many(maps + warm, count, n))
			break;
		snprintf(name, sizeof(name), "mapping_%zup", n);
		report_delta(name, &s, count);
		if (k && !split_many(maps, warm, n)) {
			snap(&s);
			if (!split_many(maps + warm, count, n))
				report_delta("split", &s, count);
		}
		for (i = 0; i < warm + count; i++)
			if (maps[i] && maps[i] != MAP_FAILED)
				munmap(maps[i], n * PAGE);
		memset(maps, 0, (warm + count) * sizeof(*maps));
	}
	free(maps);

	if (ioctl(dev, SCAMEM_BENCH_IOC_INFO, &info)) {
		fail("SCAMEM_BENCH_IOC_INFO");
		return;
	}
	report("sizeof_vm_area_struct", "bytes", info.sizeof_vma);
	report("ksize_vm_area_struct", "bytes", info.ksize_vma);
	report("sizeof_vm_struct", "bytes", info.sizeof_vm_struct);
	report("sizeof_vmap_area", "bytes", info.sizeof_vmap_area);
	printf("# scamem-bench: buffer of %u pages in %u contiguous runs, module for %s\n",
	       info.nr_pages, info.nr_runs, info.series ? "the series" : "7.3.4");
}

/* lib/test_vmalloc.c ran at boot (built in): its summary lines, per loop. */
static void bench_test_vmalloc(void)
{
	static char log[1 << 20];
	char name[96], test[64], *line;
	unsigned long loops, avg;
	int n;

	n = klogctl(3, log, sizeof(log) - 1);	/* SYSLOG_ACTION_READ_ALL */
	if (n < 0) {
		fail("klogctl");
		return;
	}
	log[n] = '\0';
	for (line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
		char *s = strstr(line, "Summary: ");
		char *l = strstr(line, " loops: ");
		char *a = strstr(line, " avg: ");

		if (!s || !l || !a || sscanf(s, "Summary: %63s", test) != 1 ||
		    sscanf(l, " loops: %lu", &loops) != 1 || sscanf(a, " avg: %lu", &avg) != 1 ||
		    !loops)
			continue;
		if (!strstr(s, "failed: 0"))
			printf("# scamem-bench: test_vmalloc %s had failures\n", test);
		snprintf(name, sizeof(name), "test_vmalloc_%s", test);
		report(name, "ns/loop", avg * 1000.0 / loops);
	}
}

static void print_clocksource(void)
{
	char cs[64];
	FILE *f;

	cs[0] = '\0';
	f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");
	if (f) {
		if (fscanf(f, "%63s", cs) != 1)
			cs[0] = '\0';
		fclose(f);
	}
	printf("# scamem-bench: clocksource %s\n", cs);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--smoke"))
		smoke = 1;
	if (load_module())
		return 1;
	print_clocksource();
	bench_map();
	bench_ringbuf();
	bench_fork();
	bench_gup();
	bench_split();
	bench_memory();
	bench_test_vmalloc();
	printf("# scamem-bench: %s\n", failed ? "FAILED" : "done");
	return failed;
}
