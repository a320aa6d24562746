// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD shim for trinity: an open() or fopen() of a placeholder file
 * in $TRINITY_SCAMEM_DIR (written by victims.c: "scamem-fd FD KIND")
 * returns a dup of the inherited fd FD instead, so trinity's file fd
 * provider (-V $TRINITY_SCAMEM_DIR) adopts objects that an unprivileged
 * process could not make itself (AF_XDP sockets) or that need set-up
 * first (rings, buffers). Any other path opens as usual.
 *
 * It also counts, per file in that directory (placeholders and the device
 * node copies alike), the mmap() calls on its fds: trinity's own, through
 * libc, when its main process maps each file it opened at start-up (the
 * mappings every child inherits), and the fuzzed ones, which trinity makes
 * through syscall(3) in its children. And it counts the fuzzed calls
 * that succeeded on a mapping of one of the files in the calling process:
 * trinity-main's start-up mappings (its children do not use those: they
 * pick from their own list, the anonymous start-up mappings and what
 * their own mmap() calls returned) and the children's fuzzed mmaps of
 * the files: the memory calls (munmap, mprotect, madvise, mremap, msync,
 * mlock, ...) whose range overlaps one, and the calls that take iovecs
 * (process_vm_readv/writev on the calling process itself, vmsplice,
 * readv, writev, process_madvise) with one pointing into one. The
 * counters live in a shared page, so the main process prints them all
 * when it exits, one line per file and one per kind of object
 * ("trinity-scamem: kind ..."). Which fd is which file, and which start-up
 * mapping is still there, is per process, as the fd table and the
 * address space are: a child that unmaps one (munmap, mremap, an mmap
 * MAP_FIXED over it) no longer counts calls on that range.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>

#define MAX_NAMES 256
#define MAX_FDS 4096
#define MAX_RANGES 1024

struct name {
	char name[40];
	char kind[24];
	unsigned int opens, start_maps, start_fails, fuzz_maps, fuzz_fails;
	unsigned int fuzz_hits;
};

/* A start-up mapping of one of the files: [start, end) */
struct range {
	unsigned long start, end;
	int name;
};

static struct state {
	pid_t main_pid;
	int nr_names;
	struct name names[MAX_NAMES];
} *st;

/* Index in st->names + 1, 0: not one of ours. Copied by fork, as fds are. */
static short fd_name[MAX_FDS];
/* trinity-main's start-up mappings; copied by fork, as the address space is. */
static struct range ranges[MAX_RANGES];
static int nr_ranges;

static int (*real_open)(const char *, int, ...);
static FILE *(*real_fopen)(const char *, const char *);
static void *(*real_mmap)(void *, size_t, int, int, int, off_t);
static long (*real_syscall)(long, ...);

static void resolve(void)
{
	if (!real_open) {
		real_open = dlsym(RTLD_NEXT, "open");
		real_fopen = dlsym(RTLD_NEXT, "fopen");
		real_mmap = dlsym(RTLD_NEXT, "mmap");
		real_syscall = dlsym(RTLD_NEXT, "syscall");
	}
}

/* PATH's name in the directory, or NULL if it is not in there. */
static const char *ours(const char *path)
{
	const char *dir = getenv("TRINITY_SCAMEM_DIR");
	size_t len = dir ? strlen(dir) : 0;

	if (!len || strncmp(path, dir, len) || path[len] != '/' || !path[len + 1])
		return NULL;
	return path + len + 1;
}

/* Count an open of NAME (of KIND) that gave FD. */
static void note(const char *name, const char *kind, int fd)
{
	struct name *n;
	int i;

	if (!st) {
		/* Shared, so the children's counts reach the main process. */
		st = real_mmap(NULL, sizeof(*st), PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (st == MAP_FAILED) {
			st = NULL;
			return;
		}
		st->main_pid = getpid();
	}
	for (i = 0; i < st->nr_names && strcmp(st->names[i].name, name); i++)
		;
	if (i == st->nr_names) {
		if (i == MAX_NAMES)
			return;
		n = &st->names[st->nr_names++];
		snprintf(n->name, sizeof(n->name), "%s", name);
		snprintf(n->kind, sizeof(n->kind), "%s", kind);
	}
	st->names[i].opens++;
	if (fd >= 0 && fd < MAX_FDS)
		fd_name[fd] = i + 1;
}

/*
 * A dup of the object a placeholder names (-1 if it is none), or, for
 * another file in the directory, its open with FLAGS and MODE.
 */
static int adopt(const char *path, int flags, mode_t mode, int *done)
{
	const char *name = ours(path);
	char buf[128], kind[24] = "video-node";
	struct stat sb;
	int f, fd, n;
	ssize_t got;

	resolve();
	*done = 0;
	if (!name)
		return -1;
	/* Read only regular files: not the device nodes. */
	f = stat(path, &sb) == 0 && S_ISREG(sb.st_mode) ?
		real_open(path, O_RDONLY | O_CLOEXEC) : -1;
	got = -1;
	if (f >= 0) {
		got = read(f, buf, sizeof(buf) - 1);
		close(f);
	}
	if (got > 0) {
		buf[got] = 0;
		if (sscanf(buf, "scamem-fd %d %23s", &n, kind) == 2) {
			fd = fcntl(n, F_DUPFD, 3);
			if (fd >= 0)
				note(name, kind, fd);
			*done = 1;
			return fd;
		}
	}
	if (flags == -1)	/* fopen: the caller opens it */
		return -1;
	fd = real_open(path, flags, mode);
	if (fd >= 0)
		note(name, kind, fd);
	*done = 1;
	return fd;
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;
	int fd, done;

	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	fd = adopt(path, flags, mode, &done);
	return done ? fd : real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return open(path, flags, mode);
}

FILE *fopen(const char *path, const char *how)
{
	int fd, done;
	const char *name;
	FILE *f;

	fd = adopt(path, -1, 0, &done);
	if (!done) {
		f = real_fopen(path, how);
		name = ours(path);
		if (f && name)
			note(name, "video-node", fileno(f));
		return f;
	}
	if (fd < 0)
		return NULL;
	f = fdopen(fd, how);
	if (!f)
		close(fd);
	return f;
}

FILE *fopen64(const char *path, const char *how)
{
	return fopen(path, how);
}

static struct name *fd_owner(int fd)
{
	if (!st || fd < 0 || fd >= MAX_FDS || !fd_name[fd])
		return NULL;
	return &st->names[fd_name[fd] - 1];
}

/* The file whose start-up mapping [addr, addr + len) overlaps, or NULL. */
static struct name *range_owner(unsigned long addr, unsigned long len)
{
	int i;

	if (!st)
		return NULL;
	if (!len)
		len = 1;
	for (i = 0; i < nr_ranges; i++)
		if (addr < ranges[i].end && addr + len > ranges[i].start)
			return &st->names[ranges[i].name];
	return NULL;
}

/* A mapping of N's file at [addr, addr + len) in this process. */
static void add_range(unsigned long addr, unsigned long len, struct name *n)
{
	int i;

	/* A slot that an unmap freed, or a new one. */
	for (i = 0; i < nr_ranges && ranges[i].end; i++)
		;
	if (i == MAX_RANGES)
		return;
	ranges[i].start = addr;
	ranges[i].end = addr + len;
	ranges[i].name = n - st->names;
	if (i == nr_ranges)
		nr_ranges++;
}

/* [addr, addr + len) was unmapped or replaced here: forget what it overlaps. */
static void ranges_gone(unsigned long addr, unsigned long len)
{
	int i;

	for (i = 0; i < nr_ranges; i++)
		if (addr < ranges[i].end && addr + len > ranges[i].start)
			ranges[i].start = ranges[i].end = 0;
}

/* The file one of the NR iovecs at IOV points into (read with care). */
static struct name *iov_owner(unsigned long iov, unsigned long nr)
{
	struct iovec v;
	struct name *n;
	unsigned long i;

	for (i = 0; i < nr && i < 64; i++) {
		/* A fuzzed pointer: process_vm_readv on ourselves reads it safely. */
		struct iovec l = { &v, sizeof(v) };
		struct iovec r = { (void *)(iov + i * sizeof(v)), sizeof(v) };

		if (real_syscall(SYS_process_vm_readv, getpid(), &l, 1, &r, 1, 0) != sizeof(v))
			return NULL;
		n = range_owner((unsigned long)v.iov_base, v.iov_len);
		if (n)
			return n;
	}
	return NULL;
}

/* The file of a start-up mapping that fuzzed system call NR reaches. */
static struct name *call_reaches(long nr, const unsigned long *a)
{
	switch (nr) {
	case SYS_munmap:
	case SYS_mprotect:
	case SYS_pkey_mprotect:
	case SYS_madvise:
	case SYS_mremap:
	case SYS_msync:
	case SYS_mlock:
	case SYS_mlock2:
	case SYS_munlock:
	case SYS_mincore:
	case SYS_remap_file_pages:
	case SYS_mbind:
		return range_owner(a[0], a[1]);
	case SYS_process_madvise:
	case SYS_readv:
	case SYS_writev:
	case SYS_vmsplice:
		return iov_owner(a[1], a[2]);
	case SYS_process_vm_readv:
	case SYS_process_vm_writev:
		/* Another process's iovecs point into its own mappings. */
		if ((pid_t)a[0] != getpid())
			return iov_owner(a[1], a[2]);
		return iov_owner(a[1], a[2]) ?: iov_owner(a[3], a[4]);
	}
	return NULL;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	struct name *n;
	void *p;

	resolve();
	p = real_mmap(addr, len, prot, flags, fd, off);
	if (p != MAP_FAILED && (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)))
		ranges_gone((unsigned long)p, len);
	n = flags & MAP_ANONYMOUS ? NULL : fd_owner(fd);
	if (n) {
		if (p == MAP_FAILED) {
			__atomic_add_fetch(&n->start_fails, 1, __ATOMIC_RELAXED);
		} else {
			__atomic_add_fetch(&n->start_maps, 1, __ATOMIC_RELAXED);
			/*
			 * trinity maps each file once when it opens it, in
			 * whichever process that is; the processes it forks
			 * later inherit the mapping, and this record.
			 */
			add_range((unsigned long)p, len, n);
		}
	}
	return p;
}

/* trinity's own unmaps (not fuzzed ones: those go through syscall()). */
int munmap(void *addr, size_t len)
{
	long ret;

	resolve();
	ret = real_syscall(SYS_munmap, addr, len);
	if (!ret)
		ranges_gone((unsigned long)addr, len);
	return ret;
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return mmap(addr, len, prot, flags, fd, off);
}

/* trinity makes every fuzzed system call with syscall(NR, a1, ..., a6). */
long syscall(long nr, ...)
{
	struct name *n, *hit;
	unsigned long a[6];
	va_list ap;
	long ret;
	int i;

	resolve();
	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	/* Looked up before the call (an munmap takes the range away), counted if it worked. */
	hit = call_reaches(nr, a);
	ret = real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (hit && ret != -1)
		__atomic_add_fetch(&hit->fuzz_hits, 1, __ATOMIC_RELAXED);
	if (ret != -1) {
		if (nr == SYS_munmap || nr == SYS_mremap)
			ranges_gone(a[0], a[1]);
		else if (nr == SYS_mmap && (a[3] & (MAP_FIXED | MAP_FIXED_NOREPLACE)))
			ranges_gone(ret, a[1]);
	}
	if (nr == SYS_mmap && !(a[3] & MAP_ANONYMOUS) && (n = fd_owner((int)a[4]))) {
		if (ret == -1) {
			__atomic_add_fetch(&n->fuzz_fails, 1, __ATOMIC_RELAXED);
		} else {
			__atomic_add_fetch(&n->fuzz_maps, 1, __ATOMIC_RELAXED);
			/* trinity keeps it (OBJ_LOCAL) for the child's later calls. */
			add_range(ret, a[1], n);
		}
	}
	return ret;
}

__attribute__((destructor)) static void report(void)
{
	struct name *n, *k;
	int i, j;

	if (!st || getpid() != st->main_pid)
		return;
	for (i = 0; i < st->nr_names; i++) {
		n = &st->names[i];
		fprintf(stderr, "trinity-scamem: %-24s %-18s opened %3u, start-up mmaps %3u ok %3u failed, fuzzed mmaps %4u ok %5u failed, fuzzed calls on its mappings %4u\n",
			n->name, n->kind, n->opens, n->start_maps, n->start_fails,
			n->fuzz_maps, n->fuzz_fails, n->fuzz_hits);
	}
	/* Totals per kind, added into the first entry of each kind. */
	for (i = 0; i < st->nr_names; i++) {
		k = &st->names[i];
		for (j = 0; j < i && strcmp(st->names[j].kind, k->kind); j++)
			;
		if (j < i)
			continue;
		for (j = i + 1; j < st->nr_names; j++) {
			n = &st->names[j];
			if (strcmp(n->kind, k->kind))
				continue;
			k->opens += n->opens;
			k->start_maps += n->start_maps;
			k->start_fails += n->start_fails;
			k->fuzz_maps += n->fuzz_maps;
			k->fuzz_fails += n->fuzz_fails;
			k->fuzz_hits += n->fuzz_hits;
		}
		fprintf(stderr, "trinity-scamem: kind %s: %u opens, start-up mmaps %u ok %u failed, fuzzed mmaps %u ok %u failed, fuzzed calls on its mappings %u\n",
			k->kind, k->opens, k->start_maps, k->start_fails,
			k->fuzz_maps, k->fuzz_fails, k->fuzz_hits);
	}
}
