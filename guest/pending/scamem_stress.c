// SPDX-License-Identifier: GPL-2.0
/*
 * Stress remap_vmalloc_range() mappings (scamem special PTEs): races the
 * operations that change such a mapping against the GUP users of it, while
 * the owner of the vmalloc memory frees it. One variant per source:
 *
 *   driver       the debugfs file of CONFIG_REMAP_VMALLOC_TEST; the owner
 *                thread frees the buffer (REMAP_VMALLOC_FREE) while it is
 *                mapped and pinned, then allocates a new one;
 *   xsk_rings    the RX and fill rings of an AF_XDP socket (which has a
 *                UMEM); the owner replaces the socket and closes the old one
 *                while its rings are mapped and pinned;
 *   bpf_ringbuf  a BPF ring buffer: its consumer page mapped read-write, its
 *                producer and data pages read-only; the owner replaces the
 *                map and closes the old fd while it is mapped.
 *
 * Each source has two slots: address ranges reserved with PROT_NONE
 * anonymous memory, twice the size of what they map, so that nothing else
 * is ever mapped there. One thread per slot maps the object into one half
 * (mmap MAP_FIXED, also over the old mapping), unmaps it, mprotect()s one
 * page (splitting the VMA), moves it to the other half (mremap) and drops a
 * page (MADV_DONTNEED); another thread forks children that check and write
 * the slots. Meanwhile the GUP users work on random page ranges of them:
 * process_vm_readv/writev on this process and from a child process,
 * vmsplice() into a pipe, O_DIRECT reads from /dev/ram0, io_uring fixed
 * buffers (a FOLL_LONGTERM pin) then IORING_OP_WRITE_FIXED from them, and
 * XDP_UMEM_REG (FOLL_LONGTERM) of an AF_XDP socket.
 *
 * What it asserts, per path (a GUP user, a mapping op, the owner):
 * - Every page of a slot starts with a known tag. Whatever a GUP user reads
 *   (also from a pin or a pipe that outlived the mapping and the buffer)
 *   starts with it. A write through GUP (process_vm_writev, O_DIRECT of a
 *   pattern just written to /dev/ram0) reads back through the mapping (with
 *   process_vm_readv from the child). A forked child sees the tags, and its
 *   writes, on every page that no op changed while it was forked.
 * - Every attempt ends as the state of its pages allows. Each op on a slot
 *   makes the slot's sequence count odd while it runs and logs the pages it
 *   may change; a page that no op changed during an attempt behaves as its
 *   state says, one that an op changed may behave either way. So a walk
 *   must take every page up to the first one that it could not, EFAULT only
 *   where no page could be taken, ENOMEM from XDP_UMEM_REG only for a
 *   partial pin, ENXIO from mmap() only while the owner had freed the
 *   buffer. Any other errno, or one where the pages allow none, fails.
 * - No SIGSEGV or SIGBUS, except when a check reads a slot that an op is
 *   changing: those are caught, counted, and fail if no op changed the page.
 * - No kernel warning, BUG or oops meanwhile (if /dev/kmsg can be read).
 * - Every path succeeds at least once in the race. A path is skipped, with
 *   its reason, only if its first attempt, made before the race, finds it
 *   unsupported (ENOSYS, EOPNOTSUPP, a missing /dev/ram0, AF_XDP, io_uring
 *   or liburing, ptrace refused); a later failure always counts as one.
 * A table of attempts, successes and errnos per path is logged at the end.
 *
 * The run takes SCAMEM_STRESS_SECONDS (default 60) seconds, a third of it
 * per variant, at most 300 seconds each.
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <linux/bpf.h>
#include <linux/fs.h>
#include <linux/if_xdp.h>
#include <linux/types.h>

#include "../kselftest_harness.h"
#include "../../../../mm/remap_vmalloc_test.h"
#include "local_config.h_gen"

#ifdef LOCAL_CONFIG_HAVE_LIBURING
#include <liburing.h>
#endif

#ifndef AF_XDP
#define AF_XDP		44
#endif
#ifndef SOL_XDP
#define SOL_XDP		283
#endif

#define DEBUGFS_FILE	"/sys/kernel/debug/remap_vmalloc_test"
#define RAM_DEV		"/dev/ram0"
#define NR_SOURCES	3	/* the variants, which share the run time */
#define DEFAULT_SECONDS	60
#define MAX_SHARE	300
#define NR_SLOTS	2
#define MAX_PAGES	16	/* per slot */
#define MAX_RANGE	4	/* pages per GUP attempt */
#define OPLOG		64	/* ops whose pages a slot remembers */
#define DRV_PAGES	16
#define XSK_RX_ENTRIES	1024
#define XSK_FILL_ENTRIES 2048
#define XSK_UMEM_PAGES	16
#define RB_DATA_PAGES	4
#define XSK_TAG(ring, i) (0x78736b0000000000ULL + ((__u64)(ring) << 16) + (i))
#define BPF_TAG		0x6270660000000000ULL
/* The word of each page that each writer owns; word 0 is the tag. */
#define WORD_WRITEV	64
#define WORD_REMOTE	72
#define WORD_FORK	80
#define MAX_ERRNO	134
#define MAX_REPORTS	20

#define LOAD(x)		__atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define STORE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELEASE)

enum source { SRC_DRIVER, SRC_XSK, SRC_BPF };

enum path_id {
	P_READV, P_WRITEV, P_READV_REMOTE, P_WRITEV_REMOTE, P_VMSPLICE,
	P_O_DIRECT, P_IOURING_REG, P_IOURING_IO, P_UMEM_REG, P_FORK,
	P_MMAP, P_MUNMAP, P_MPROTECT, P_MREMAP, P_MADVISE, P_OWNER,
	NR_PATHS
};

static const char * const path_name[NR_PATHS] = {
	[P_READV]		= "readv self",
	[P_WRITEV]		= "writev self",
	[P_READV_REMOTE]	= "readv from child",
	[P_WRITEV_REMOTE]	= "writev from child",
	[P_VMSPLICE]		= "vmsplice",
	[P_O_DIRECT]		= "O_DIRECT read",
	[P_IOURING_REG]		= "io_uring register",
	[P_IOURING_IO]		= "io_uring WRITE_FIXED",
	[P_UMEM_REG]		= "XDP_UMEM_REG",
	[P_FORK]		= "fork+touch",
	[P_MMAP]		= "mmap",
	[P_MUNMAP]		= "munmap",
	[P_MPROTECT]		= "mprotect split",
	[P_MREMAP]		= "mremap move",
	[P_MADVISE]		= "MADV_DONTNEED",
	[P_OWNER]		= "owner free/close",
};

enum { PATH_NA, PATH_ON, PATH_OFF };

struct counter {
	long attempts, ok, partial, raced, faults, bad;
	long err[MAX_ERRNO];	/* [0]: errnos beyond the table */
	int state;
	char why[160];
};

/*
 * A slot's state changes only in its mutator, between two increments of
 * seq; oplog[n % OPLOG] holds the pages that op n (seq 2n - 1) may change.
 */
struct slot {
	unsigned int seq;
	__u64 oplog[OPLOG];
	int mapped, half;
	__u64 present, rd, wr;		/* pages with a PTE, readable, writable */
	int low_page;			/* page with lowered protection, or -1 */
	int split;			/* mprotect() split the VMA: no mremap */
	/* Set before the race: */
	char *base;			/* two halves of len */
	size_t len;
	int npages;
	int writable;
	off_t offset;
	__u64 tags[MAX_PAGES];
};

/* Shared with the remote helper and the forked children. */
struct stress {
	enum source src;
	int stop;
	int reports;
	struct slot slot[NR_SLOTS];
	struct counter cnt[NR_PATHS];
	pthread_rwlock_t fd_lock;	/* read-held around mmap() of cur_fd */
	int cur_fd;
	unsigned int owner_seq;		/* driver: odd during FREE and ALLOC */
	int freed;
	char *owner_area;		/* where the owner tags a new object */
	size_t owner_len;
	char *umem_area;		/* the UMEM of each xsk_rings socket */
};

struct snap {
	unsigned int seq;
	int mapped;
	__u64 present, rd, wr;
	char *addr;
};

struct attempt {
	struct slot *s;
	struct snap sn;
	int slot_nr, first, n, write;
};

struct worker {
	struct stress *t;
	enum path_id path;
	int (*attempt)(struct worker *w);
	pthread_t thread;
	__u64 rnd;
	pid_t pid;		/* whose memory process_vm_*() access */
	int pipe[2];
	int fd;			/* /dev/ram0 */
	size_t bs;		/* its logical block size */
	char *buf;		/* MAX_RANGE pages */
	__u64 stamp;
	bool probing;
#ifdef LOCAL_CONFIG_HAVE_LIBURING
	struct io_uring ring;
	bool ring_up;
#endif
};

struct mutator {
	struct stress *t;
	struct slot *s;
	int nr;
	__u64 rnd;
	pthread_t thread;
};

static size_t pagesz;

static __u64 rnd(__u64 *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static __u64 seed(int i)
{
	return (0x9e3779b97f4a7c15ULL * (i + 1)) ^ ((__u64)time(NULL) << 20) ^ getpid();
}

static void inc(long *p)
{
	__atomic_fetch_add(p, 1, __ATOMIC_RELAXED);
}

static __u64 bit(int page)
{
	return 1ULL << page;
}

static __u64 all_pages(const struct slot *s)
{
	return bit(s->npages) - 1;
}

static const char * const errnames[MAX_ERRNO] = {
	[EFAULT] = "EFAULT", [ENOMEM] = "ENOMEM", [ENXIO] = "ENXIO", [EPERM] = "EPERM",
	[EACCES] = "EACCES", [EINVAL] = "EINVAL", [EBUSY] = "EBUSY", [EAGAIN] = "EAGAIN",
	[ENOBUFS] = "ENOBUFS", [EIO] = "EIO", [EBADF] = "EBADF", [ESRCH] = "ESRCH",
	[EOPNOTSUPP] = "EOPNOTSUPP", [EPIPE] = "EPIPE",
};

/* A syscall this kernel does not have (checkpatch: ENOSYS is exactly that). */
static bool no_syscall(int err)
{
	return err == ENOSYS;
}

static __printf(3, 4) void bad(struct stress *t, enum path_id path, const char *fmt, ...)
{
	va_list ap;

	inc(&t->cnt[path].bad);
	if (__atomic_fetch_add(&t->reports, 1, __ATOMIC_RELAXED) >= MAX_REPORTS)
		return;
	va_start(ap, fmt);
	flockfile(stderr);
	fprintf(stderr, "# BAD %s: ", path_name[path]);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	funlockfile(stderr);
	va_end(ap);
}

/* Count an attempt of @path that failed with @err (0: it succeeded, -1: no errno). */
static void count(struct stress *t, enum path_id path, int err, bool partial, bool raced)
{
	struct counter *c = &t->cnt[path];

	inc(&c->attempts);
	if (raced)
		inc(&c->raced);
	if (!err) {
		inc(&c->ok);
		if (partial)
			inc(&c->partial);
	} else if (err > 0) {
		inc(&c->err[err < MAX_ERRNO ? err : 0]);
	}
}

static void fatal(struct stress *t, enum path_id path, const char *what, int err)
{
	bad(t, path, "%s: %s, stopping", what, strerror(err));
	STORE(t->stop, 1);
}

/* Put PROT_NONE memory at [addr, addr + len), so that nothing else lands there. */
static int reserve(void *addr, size_t len)
{
	void *p = mmap(addr, len, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);

	return p == addr ? 0 : errno;
}

/* Start an op on @s that may change @pages. Only the slot's mutator calls it. */
static void slot_begin(struct slot *s, __u64 pages)
{
	unsigned int seq = s->seq + 1;

	__atomic_store_n(&s->oplog[(seq / 2 + 1) % OPLOG], pages, __ATOMIC_RELAXED);
	__atomic_store_n(&s->seq, seq, __ATOMIC_SEQ_CST);
}

static void slot_end(struct slot *s)
{
	__atomic_store_n(&s->seq, s->seq + 1, __ATOMIC_SEQ_CST);
}

static void slot_snap(struct slot *s, struct snap *sn)
{
	sn->seq = __atomic_load_n(&s->seq, __ATOMIC_SEQ_CST);
	sn->mapped = LOAD(s->mapped);
	sn->present = LOAD(s->present);
	sn->rd = LOAD(s->rd);
	sn->wr = LOAD(s->wr);
	sn->addr = s->base + LOAD(s->half) * s->len;
}

/*
 * The pages of @s that an op may have changed since its seq was @s1: ops
 * s1 / 2 + 1 (the one running then, or the next) to the last one begun.
 */
static __u64 slot_changed(struct slot *s, unsigned int s1)
{
	unsigned int s2 = __atomic_load_n(&s->seq, __ATOMIC_SEQ_CST);
	unsigned int lo = s1 / 2 + 1, hi = (s2 + 1) / 2, n;
	__u64 pages = 0;

	if (hi < lo)
		return 0;
	if (hi - lo >= OPLOG / 2)
		return ~0ULL;
	for (n = lo; n <= hi; n++)
		pages |= __atomic_load_n(&s->oplog[n % OPLOG], __ATOMIC_ACQUIRE);
	/* The log may have wrapped while it was read. */
	if ((__atomic_load_n(&s->seq, __ATOMIC_SEQ_CST) + 1) / 2 - lo >= OPLOG / 2)
		return ~0ULL;
	return pages;
}

enum { ACC_NO, ACC_YES, ACC_MAYBE };

static int page_acc(const struct snap *sn, __u64 changed, int page, bool write)
{
	if (changed & bit(page))
		return ACC_MAYBE;
	if (!sn->mapped || !(sn->present & bit(page)))
		return ACC_NO;
	return ((write ? sn->wr : sn->rd) & bit(page)) ? ACC_YES : ACC_NO;
}

/* Could a walk over pages @acc[0 .. n), stopping at the first it cannot take, take @got? */
static bool walk_legit(const int *acc, int n, int got)
{
	int i;

	for (i = 0; i < got; i++)
		if (acc[i] == ACC_NO)
			return false;
	return got == n || acc[got] != ACC_YES;
}

/* SIGSEGV and SIGBUS are expected only inside guarded_copy(). */
static __thread sigjmp_buf fault_jmp;
static __thread int fault_armed;

static void fault_handler(int sig, siginfo_t *info __maybe_unused, void *uc __maybe_unused)
{
	struct sigaction dfl;

	if (__atomic_load_n(&fault_armed, __ATOMIC_RELAXED)) {
		__atomic_store_n(&fault_armed, 0, __ATOMIC_RELAXED);
		siglongjmp(fault_jmp, sig);
	}
	/* Not one the test expects: let it kill the process. */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, &dfl, NULL);
}

static void fault_handlers(bool on)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	if (on) {
		sa.sa_sigaction = fault_handler;
		sa.sa_flags = SA_SIGINFO;
	} else {
		sa.sa_handler = SIG_DFL;
	}
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

/* Read @len bytes of a slot that an op may be changing; false if that faulted. */
static bool guarded_copy(void *dst, const void *src, size_t len)
{
	if (sigsetjmp(fault_jmp, 1))
		return false;
	__atomic_store_n(&fault_armed, 1, __ATOMIC_RELAXED);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	memcpy(dst, src, len);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&fault_armed, 0, __ATOMIC_RELAXED);
	return true;
}

static int read_full(int fd, char *buf, size_t len)
{
	ssize_t ret;

	while (len) {
		ret = read(fd, buf, len);
		if (ret <= 0)
			return -1;
		buf += ret;
		len -= ret;
	}
	return 0;
}

/*
 * Whether @err, from the first attempt at @path before the race (@setup:
 * from setting up what it needs), says that the system does not support
 * it; then @path is off, with the reason. Never after the first attempt.
 */
static bool unsupported(struct worker *w, enum path_id path, int err, bool setup,
			const char *what)
{
	struct counter *c = &w->t->cnt[path];
	bool off = no_syscall(err);

	if (!w->probing || err <= 0)
		return false;
	switch (err) {
	case EOPNOTSUPP:
		off = true;
		break;
	case EAFNOSUPPORT:
	case EPROTONOSUPPORT:
	case ENOENT:
	case ENODEV:
	case ENXIO:
		off = setup;
		break;
	case EPERM:
	case EACCES:
		off = setup || path == P_READV_REMOTE || path == P_WRITEV_REMOTE;
		break;
	}
	if (off) {
		c->state = PATH_OFF;
		snprintf(c->why, sizeof(c->why), "%s: %s", what, strerror(err));
	}
	return off;
}

/* Set-up of @path done with @err: true if it may run. */
static bool setup_ok(struct worker *w, enum path_id path, int err, const char *what)
{
	struct counter *c = &w->t->cnt[path];

	if (!err)
		return true;
	if (unsupported(w, path, err, true, what))
		return false;
	bad(w->t, path, "%s: %s", what, strerror(err));
	if (w->probing) {
		c->state = PATH_OFF;
		snprintf(c->why, sizeof(c->why), "set-up failed: %s: %s", what, strerror(err));
	}
	return false;
}

/* A random range of a slot, writable ones only for @write, and its state now. */
static void pick(struct worker *w, struct attempt *a, bool write, int max)
{
	struct stress *t = w->t;
	int cand[NR_SLOTS], nr = 0, i;

	for (i = 0; i < NR_SLOTS; i++)
		if (!write || t->slot[i].writable)
			cand[nr++] = i;
	a->slot_nr = cand[rnd(&w->rnd) % nr];
	a->s = &t->slot[a->slot_nr];
	if (max > a->s->npages)
		max = a->s->npages;
	a->n = 1 + rnd(&w->rnd) % max;
	a->first = rnd(&w->rnd) % (a->s->npages - a->n + 1);
	a->write = write;
	slot_snap(a->s, &a->sn);
}

static char *page_of(const struct attempt *a, int i)
{
	return a->sn.addr + (size_t)(a->first + i) * pagesz;
}

/*
 * Count attempt @a at @path: it succeeded (@err 0) having taken @lo == @hi
 * pages, or failed with @err, which stands for walks that took @lo to @hi
 * pages (@lo < 0: for none). Fail it unless the pages allow that. Returns
 * the pages of the slot that an op may have changed meanwhile.
 */
static __u64 judge(struct worker *w, enum path_id path, struct attempt *a, int err,
		   int lo, int hi)
{
	__u64 range = (bit(a->n) - 1) << a->first;
	__u64 changed = slot_changed(a->s, a->sn.seq);
	char state[MAX_RANGE + 1];
	int acc[MAX_RANGE], i, got;
	bool legit = false;

	for (i = 0; i < a->n; i++) {
		acc[i] = page_acc(&a->sn, changed, a->first + i, a->write);
		state[i] = "NY?"[acc[i]];
	}
	state[a->n] = '\0';
	if (!w->probing)
		count(w->t, path, err, !err && lo < a->n, changed & range);
	for (got = lo; got >= 0 && got <= hi && !legit; got++)
		legit = walk_legit(acc, a->n, got);
	if (!legit)
		bad(w->t, path, "slot %d pages %d-%d [%s] (Y: takable, N: not, ?: op ran): %s, %d",
		    a->slot_nr, a->first, a->first + a->n - 1, state,
		    err > 0 ? strerror(err) : "success", lo);
	return changed;
}

/* Pages taken by a walk that returned @ret bytes in @unit per page; -1 if that makes no sense. */
static int walk_got(ssize_t ret, int err, size_t unit)
{
	if (ret > 0 && !(ret % unit))
		return ret / unit;
	return ret < 0 && err == EFAULT ? 0 : -1;
}

static void check_tag(struct worker *w, enum path_id path, struct attempt *a, int i, __u64 val)
{
	__u64 tag = a->s->tags[a->first + i];

	if (val != tag)
		bad(w->t, path, "slot %d page %d: read %#llx, its tag is %#llx", a->slot_nr,
		    a->first + i, (unsigned long long)val, (unsigned long long)tag);
}

static int do_readv(struct worker *w)
{
	struct iovec local, remote[MAX_RANGE];
	__u64 val[MAX_RANGE];
	struct attempt a;
	int i, err, got;
	ssize_t ret;

	pick(w, &a, false, MAX_RANGE);
	for (i = 0; i < a.n; i++) {
		remote[i].iov_base = page_of(&a, i);
		remote[i].iov_len = sizeof(val[0]);
	}
	local.iov_base = val;
	local.iov_len = a.n * sizeof(val[0]);
	ret = process_vm_readv(w->pid, &local, 1, remote, a.n, 0);
	err = ret < 0 ? errno : 0;
	if (unsupported(w, w->path, err, false, "process_vm_readv"))
		return err;
	got = walk_got(ret, err, sizeof(val[0]));
	judge(w, w->path, &a, err, got, got);
	for (i = 0; i < got; i++)
		check_tag(w, w->path, &a, i, val[i]);
	return err;
}

/*
 * Write into the slot with process_vm_writev(), then read it back: through
 * the mapping on this process, with process_vm_readv() from the child.
 */
static int do_writev(struct worker *w)
{
	size_t off = w->path == P_WRITEV ? WORD_WRITEV : WORD_REMOTE;
	__u64 val[MAX_RANGE], back[MAX_RANGE], changed;
	struct iovec local, remote[MAX_RANGE];
	int i, err, got, rb = 0, acc[MAX_RANGE];
	bool read_back[MAX_RANGE];
	struct attempt a;
	ssize_t ret;

	pick(w, &a, true, MAX_RANGE);
	for (i = 0; i < a.n; i++) {
		val[i] = ((__u64)w->path << 56) | ++w->stamp;
		remote[i].iov_base = page_of(&a, i) + off;
		remote[i].iov_len = sizeof(val[0]);
	}
	local.iov_base = val;
	local.iov_len = a.n * sizeof(val[0]);
	ret = process_vm_writev(w->pid, &local, 1, remote, a.n, 0);
	err = ret < 0 ? errno : 0;
	if (unsupported(w, w->path, err, false, "process_vm_writev"))
		return err;
	got = walk_got(ret, err, sizeof(val[0]));
	judge(w, w->path, &a, err, got, got);
	if (got <= 0)
		return err;

	if (w->path == P_WRITEV) {
		for (i = 0; i < got; i++) {
			read_back[i] = guarded_copy(&back[i], remote[i].iov_base, sizeof(back[i]));
			if (!read_back[i])
				inc(&w->t->cnt[w->path].faults);
		}
	} else {
		local.iov_base = back;
		local.iov_len = got * sizeof(back[0]);
		ret = process_vm_readv(w->pid, &local, 1, remote, got, 0);
		rb = walk_got(ret, ret < 0 ? errno : 0, sizeof(back[0]));
	}
	changed = slot_changed(a.s, a.sn.seq);
	if (w->path == P_WRITEV_REMOTE) {
		/* A walk too: it may stop at a page an op changed, not before. */
		for (i = 0; i < got; i++) {
			acc[i] = changed & bit(a.first + i) ? ACC_MAYBE : ACC_YES;
			read_back[i] = i < rb;
		}
		if (rb < 0 || !walk_legit(acc, got, rb))
			bad(w->t, w->path, "slot %d pages %d-%d: written, %d read back",
			    a.slot_nr, a.first, a.first + got - 1, rb);
	}
	for (i = 0; i < got; i++) {
		if (changed & bit(a.first + i))
			continue;
		if (!read_back[i] && w->path == P_WRITEV)
			bad(w->t, w->path, "slot %d page %d: written, then faulted", a.slot_nr,
			    a.first + i);
		else if (read_back[i] && back[i] != val[i])
			bad(w->t, w->path, "slot %d page %d: wrote %#llx, read back %#llx",
			    a.slot_nr, a.first + i, (unsigned long long)val[i],
			    (unsigned long long)back[i]);
	}
	return err;
}

/* Splice the pages into a pipe and read them from it, maybe after ops ran. */
static int do_vmsplice(struct worker *w)
{
	struct attempt a;
	struct iovec iov;
	int i, err, got;
	ssize_t ret;

	pick(w, &a, false, MAX_RANGE);
	iov.iov_base = page_of(&a, 0);
	iov.iov_len = a.n * pagesz;
	ret = vmsplice(w->pipe[1], &iov, 1, 0);
	err = ret < 0 ? errno : 0;
	if (unsupported(w, P_VMSPLICE, err, false, "vmsplice"))
		return err;
	got = walk_got(ret, err, pagesz);
	judge(w, P_VMSPLICE, &a, err, got, got);
	if (ret <= 0)
		return err;
	if (!(rnd(&w->rnd) % 4))
		usleep(rnd(&w->rnd) % 500);
	if (read_full(w->pipe[0], w->buf, ret)) {
		bad(w->t, P_VMSPLICE, "reading %zd bytes back from the pipe: %s", ret,
		    strerror(errno));
		return err;
	}
	for (i = 0; i < got; i++)
		check_tag(w, P_VMSPLICE, &a, i, *(__u64 *)(w->buf + i * pagesz));
	return err;
}

/* Write a new pattern to /dev/ram0, read it with O_DIRECT into a page of a slot. */
static int do_o_direct(struct worker *w)
{
	__u64 *src = (__u64 *)w->buf, changed;
	char *dst, *back = w->buf + pagesz;
	struct attempt a;
	bool copied;
	ssize_t ret;
	int err, got;
	size_t i;

	w->stamp++;
	for (i = 0; i < w->bs / sizeof(*src); i++)
		src[i] = w->stamp * 0x9e3779b97f4a7c15ULL + i;
	if (pwrite(w->fd, src, w->bs, 0) != (ssize_t)w->bs) {
		err = errno;
		if (!unsupported(w, P_O_DIRECT, err, true, "O_DIRECT write to " RAM_DEV))
			bad(w->t, P_O_DIRECT, "O_DIRECT write to %s: %s", RAM_DEV, strerror(err));
		return err;
	}
	pick(w, &a, true, 1);
	/* The block after the first one of the page: the tag stays. */
	dst = page_of(&a, 0) + w->bs;
	ret = pread(w->fd, dst, w->bs, 0);
	err = ret < 0 ? errno : 0;
	if (unsupported(w, P_O_DIRECT, err, false, "O_DIRECT read from " RAM_DEV))
		return err;
	got = ret == (ssize_t)w->bs ? 1 : (ret < 0 && err == EFAULT ? 0 : -1);
	judge(w, P_O_DIRECT, &a, err, got, got);
	if (got != 1)
		return err;
	copied = guarded_copy(back, dst, w->bs);
	if (!copied)
		inc(&w->t->cnt[P_O_DIRECT].faults);
	changed = slot_changed(a.s, a.sn.seq);
	if (changed & bit(a.first))
		return err;
	if (!copied)
		bad(w->t, P_O_DIRECT, "slot %d page %d: read into, then faulted", a.slot_nr,
		    a.first);
	else if (memcmp(back, src, w->bs))
		bad(w->t, P_O_DIRECT, "slot %d page %d: the mapping does not show what was read",
		    a.slot_nr, a.first);
	return err;
}

#ifdef LOCAL_CONFIG_HAVE_LIBURING
/* The pages read through an io_uring fixed buffer's pin, maybe after ops ran. */
static void iouring_write_fixed(struct worker *w, struct attempt *a, struct iovec *iov)
{
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	int ret, err, i;

	if (!(rnd(&w->rnd) % 4))
		usleep(rnd(&w->rnd) % 1000);
	sqe = io_uring_get_sqe(&w->ring);
	io_uring_prep_write_fixed(sqe, w->pipe[1], iov->iov_base, iov->iov_len, 0, 0);
	ret = io_uring_submit(&w->ring);
	if (ret == 1) {
		ret = io_uring_wait_cqe(&w->ring, &cqe);
		if (!ret) {
			ret = cqe->res;
			io_uring_cqe_seen(&w->ring, cqe);
		}
	} else if (ret >= 0) {
		ret = -EIO;
	}
	err = ret < 0 ? -ret : (ret == (int)iov->iov_len ? 0 : -1);
	if (unsupported(w, P_IOURING_IO, err, false, "IORING_OP_WRITE_FIXED"))
		return;
	if (!w->probing)
		count(w->t, P_IOURING_IO, err, false, false);
	if (err) {
		bad(w->t, P_IOURING_IO, "%zu bytes from a registered buffer: %d", iov->iov_len,
		    ret);
		if (ret > 0)
			read_full(w->pipe[0], w->buf, ret);
		return;
	}
	if (read_full(w->pipe[0], w->buf, iov->iov_len)) {
		bad(w->t, P_IOURING_IO, "reading back from the pipe: %s", strerror(errno));
		return;
	}
	for (i = 0; i < a->n; i++)
		check_tag(w, P_IOURING_IO, a, i, *(__u64 *)(w->buf + i * pagesz));
}

/* Register a range as a fixed buffer (FOLL_LONGTERM), use it, unregister it. */
static int do_iouring(struct worker *w)
{
	struct attempt a;
	struct iovec iov;
	int ret, err;

	pick(w, &a, true, MAX_RANGE);
	iov.iov_base = page_of(&a, 0);
	iov.iov_len = a.n * pagesz;
	ret = io_uring_register_buffers(&w->ring, &iov, 1);
	err = -ret;
	if (unsupported(w, P_IOURING_REG, err, false, "io_uring_register_buffers"))
		return err;
	if (!err)
		judge(w, P_IOURING_REG, &a, 0, a.n, a.n);
	else
		judge(w, P_IOURING_REG, &a, err, err == EFAULT ? 0 : -1, a.n - 1);
	if (err)
		return err;
	if (w->t->cnt[P_IOURING_IO].state == PATH_ON)
		iouring_write_fixed(w, &a, &iov);
	ret = io_uring_unregister_buffers(&w->ring);
	if (ret)
		bad(w->t, P_IOURING_REG, "io_uring_unregister_buffers: %s", strerror(-ret));
	return 0;
}
#endif

/* Register a range as the UMEM (FOLL_LONGTERM) of a new AF_XDP socket. */
static int do_umem(struct worker *w)
{
	struct xdp_umem_reg mr;
	struct attempt a;
	int fd, err, lo, hi;

	fd = socket(AF_XDP, SOCK_RAW, 0);
	if (fd < 0) {
		err = errno;
		if (!w->probing)
			count(w->t, P_UMEM_REG, err, false, false);
		setup_ok(w, P_UMEM_REG, err, "socket(AF_XDP)");
		return err;
	}
	pick(w, &a, true, MAX_RANGE);
	memset(&mr, 0, sizeof(mr));
	mr.addr = (uintptr_t)page_of(&a, 0);
	mr.len = a.n * pagesz;
	mr.chunk_size = pagesz;
	err = setsockopt(fd, SOL_XDP, XDP_UMEM_REG, &mr, sizeof(mr)) ? errno : 0;
	if (unsupported(w, P_UMEM_REG, err, false, "XDP_UMEM_REG")) {
		close(fd);
		return err;
	}
	/* A partial pin fails with ENOMEM, none with EFAULT. */
	lo = a.n;
	hi = a.n;
	if (err == EFAULT) {
		lo = 0;
		hi = 0;
	} else if (err == ENOMEM) {
		lo = 1;
		hi = a.n - 1;
	} else if (err) {
		lo = -1;
	}
	judge(w, P_UMEM_REG, &a, err, lo, hi);
	if (!err && !(rnd(&w->rnd) % 4))
		usleep(rnd(&w->rnd) % 1000);
	close(fd);
	return err;
}

/* In a forked child: check the slots as they were when it was forked. */
static void fork_child(struct stress *t, const struct snap *sn, int in)
{
	__u64 certain[NR_SLOTS], want, *word;
	struct sigaction dfl;
	int i, p;

	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGSEGV, &dfl, NULL);
	sigaction(SIGBUS, &dfl, NULL);
	if (read(in, certain, sizeof(certain)) != sizeof(certain))
		_exit(3);
	for (i = 0; i < NR_SLOTS; i++) {
		struct slot *s = &t->slot[i];

		for (p = 0; p < s->npages; p++) {
			char *page = sn[i].addr + p * pagesz;

			if (!(certain[i] & bit(p)) || !sn[i].mapped ||
			    !(sn[i].present & sn[i].rd & bit(p)))
				continue;
			if (__atomic_load_n((__u64 *)page, __ATOMIC_RELAXED) != s->tags[p])
				_exit(1);
			if (!(sn[i].wr & bit(p)))
				continue;
			word = (__u64 *)(page + WORD_FORK);
			want = ((__u64)getpid() << 16) | p;
			__atomic_store_n(word, want, __ATOMIC_RELAXED);
			if (__atomic_load_n(word, __ATOMIC_RELAXED) != want)
				_exit(2);
		}
	}
	_exit(0);
}

/* Fork; the child checks the pages that no op changed while it was forked. */
static int do_fork(struct worker *w)
{
	struct stress *t = w->t;
	__u64 certain[NR_SLOTS];
	struct snap sn[NR_SLOTS];
	int fds[2], status, i, err;
	pid_t pid;

	usleep(1000);
	if (pipe(fds)) {
		err = errno;
		bad(t, P_FORK, "pipe: %s", strerror(err));
		return err;
	}
	for (i = 0; i < NR_SLOTS; i++)
		slot_snap(&t->slot[i], &sn[i]);
	pid = fork();
	if (!pid) {
		close(fds[1]);
		fork_child(t, sn, fds[0]);
	}
	err = pid < 0 ? errno : 0;
	close(fds[0]);
	if (pid > 0) {
		for (i = 0; i < NR_SLOTS; i++)
			certain[i] = ~slot_changed(&t->slot[i], sn[i].seq);
		if (write(fds[1], certain, sizeof(certain)) != sizeof(certain))
			bad(t, P_FORK, "write to the child: %s", strerror(errno));
	}
	close(fds[1]);
	if (pid < 0) {
		if (!w->probing)
			count(t, P_FORK, err, false, false);
		bad(t, P_FORK, "fork: %s", strerror(err));
		return err;
	}
	if (waitpid(pid, &status, 0) != pid)
		status = -1;
	err = WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
	if (!w->probing)
		count(t, P_FORK, err, false, false);
	if (err && WIFSIGNALED(status))
		bad(t, P_FORK, "the child was killed by signal %d", WTERMSIG(status));
	else if (err)
		bad(t, P_FORK, "the child found %s", WEXITSTATUS(status) == 1 ? "a wrong tag" :
		    WEXITSTATUS(status) == 2 ? "a write not read back" : "no state");
	return 0;
}

static void count_op(struct stress *t, enum path_id path, int err, bool legit, int slot,
		     const char *what)
{
	count(t, path, err, false, false);
	if (!legit)
		bad(t, path, "slot %d: %s: %s", slot, what, err ? strerror(err) : "succeeded");
}

/* Map the slot's object at its current half, over whatever is there. */
static void slot_map(struct mutator *m)
{
	struct stress *t = m->t;
	struct slot *s = m->s;
	char *addr = s->base + s->half * s->len;
	int prot = PROT_READ | (s->writable ? PROT_WRITE : 0);
	unsigned int o1, o2;
	bool freed, owner_ran;
	int err = 0;

	slot_begin(s, all_pages(s));
	pthread_rwlock_rdlock(&t->fd_lock);
	o1 = __atomic_load_n(&t->owner_seq, __ATOMIC_SEQ_CST);
	freed = LOAD(t->freed);
	if (mmap(addr, s->len, prot, MAP_SHARED | MAP_FIXED, t->cur_fd, s->offset) == MAP_FAILED)
		err = errno;
	o2 = __atomic_load_n(&t->owner_seq, __ATOMIC_SEQ_CST);
	pthread_rwlock_unlock(&t->fd_lock);
	owner_ran = o1 != o2 || (o1 & 1);
	if (err) {
		/* The driver refuses to map a freed buffer. */
		count_op(t, P_MMAP, err, t->src == SRC_DRIVER && err == ENXIO &&
			 (freed || owner_ran), m->nr, "mmap");
		err = reserve(addr, s->len);
		if (err)
			fatal(t, P_MMAP, "re-reserving a slot", err);
		STORE(s->mapped, 0);
	} else {
		count_op(t, P_MMAP, 0, t->src != SRC_DRIVER || !freed || owner_ran, m->nr,
			 "mmap of the freed buffer");
		STORE(s->present, all_pages(s));
		STORE(s->rd, all_pages(s));
		STORE(s->wr, s->writable ? all_pages(s) : 0);
		STORE(s->mapped, 1);
	}
	s->low_page = -1;
	s->split = 0;
	slot_end(s);
}

static void slot_unmap(struct mutator *m)
{
	struct slot *s = m->s;
	char *addr = s->base + s->half * s->len;
	int err;

	slot_begin(s, all_pages(s));
	err = munmap(addr, s->len) ? errno : 0;
	count_op(m->t, P_MUNMAP, err, !err, m->nr, "munmap");
	err = reserve(addr, s->len);
	if (err)
		fatal(m->t, P_MUNMAP, "re-reserving a slot", err);
	STORE(s->mapped, 0);
	slot_end(s);
}

/* Lower the protection of a page inside the mapping, or restore it. */
static void slot_protect(struct mutator *m)
{
	struct slot *s = m->s;
	char *addr = s->base + s->half * s->len;
	__u64 *mask = s->writable ? &s->wr : &s->rd;
	int page = s->low_page, prot, err;
	bool lower = page < 0;

	if (s->npages < 3)
		return;
	if (lower)
		page = 1 + rnd(&m->rnd) % (s->npages - 2);
	if (lower)
		prot = s->writable ? PROT_READ : PROT_NONE;
	else
		prot = PROT_READ | (s->writable ? PROT_WRITE : 0);
	slot_begin(s, bit(page));
	err = mprotect(addr + page * pagesz, pagesz, prot) ? errno : 0;
	if (!err) {
		STORE(*mask, lower ? *mask & ~bit(page) : *mask | bit(page));
		s->low_page = lower ? page : -1;
		s->split = 1;
	}
	slot_end(s);
	count_op(m->t, P_MPROTECT, err, !err, m->nr, "mprotect");
}

/* Move the mapping to the other half of the slot. */
static void slot_move(struct mutator *m)
{
	struct slot *s = m->s;
	char *from = s->base + s->half * s->len;
	char *to = s->base + !s->half * s->len;
	int err = 0;

	/* A split mapping is several VMAs, which not every file lets move at once. */
	if (s->split)
		return;
	slot_begin(s, all_pages(s));
	if (mremap(from, s->len, s->len, MREMAP_MAYMOVE | MREMAP_FIXED, to) != to)
		err = errno;
	count_op(m->t, P_MREMAP, err, !err, m->nr, "mremap");
	if (!err) {
		err = reserve(from, s->len);
		if (err)
			fatal(m->t, P_MREMAP, "re-reserving a slot", err);
		STORE(s->half, !s->half);
	}
	slot_end(s);
}

/* Drop a page's PTE: it has no fault handler, so the page stays gone. */
static void slot_dontneed(struct mutator *m)
{
	struct slot *s = m->s;
	char *addr = s->base + s->half * s->len;
	int page = rnd(&m->rnd) % s->npages, err;

	slot_begin(s, bit(page));
	err = madvise(addr + page * pagesz, pagesz, MADV_DONTNEED) ? errno : 0;
	if (!err)
		STORE(s->present, s->present & ~bit(page));
	slot_end(s);
	count_op(m->t, P_MADVISE, err, !err, m->nr, "MADV_DONTNEED");
}

static void *mutator_main(void *arg)
{
	struct mutator *m = arg;
	struct slot *s = m->s;

	while (!LOAD(m->t->stop)) {
		usleep(rnd(&m->rnd) % 1000);
		if (!s->mapped) {
			slot_map(m);
			continue;
		}
		switch (rnd(&m->rnd) % 10) {
		case 0:
			slot_unmap(m);
			break;
		case 1:
			slot_map(m);
			break;
		case 2:
		case 3:
			slot_protect(m);
			break;
		case 4:
			slot_move(m);
			break;
		case 5:
			slot_dontneed(m);
			break;
		default:
			/* Leave it alone for a while. */
			break;
		}
	}
	return NULL;
}

/* An AF_XDP socket with a UMEM, RX, fill and completion rings; -errno on failure. */
static int xsk_socket(struct stress *t)
{
	int rx = XSK_RX_ENTRIES, fill = XSK_FILL_ENTRIES, fd, err;
	struct xdp_umem_reg mr;

	fd = socket(AF_XDP, SOCK_RAW, 0);
	if (fd < 0)
		return -errno;
	memset(&mr, 0, sizeof(mr));
	mr.addr = (uintptr_t)t->umem_area;
	mr.len = XSK_UMEM_PAGES * pagesz;
	mr.chunk_size = pagesz;
	if (setsockopt(fd, SOL_XDP, XDP_UMEM_REG, &mr, sizeof(mr)) ||
	    setsockopt(fd, SOL_XDP, XDP_RX_RING, &rx, sizeof(rx)) ||
	    setsockopt(fd, SOL_XDP, XDP_UMEM_FILL_RING, &fill, sizeof(fill)) ||
	    setsockopt(fd, SOL_XDP, XDP_UMEM_COMPLETION_RING, &fill, sizeof(fill))) {
		err = errno;
		close(fd);
		return -err;
	}
	return fd;
}

static int bpf_ringbuf(void)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_RINGBUF;
	attr.max_entries = RB_DATA_PAGES * pagesz;
	fd = syscall(__NR_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
	return fd < 0 ? -errno : fd;
}

/*
 * Tag the writable slots' pages of a new object, through the owner's own
 * mapping. (Nothing produces into the ring buffer: its consumer position,
 * the tagged word, is never read.)
 */
static int obj_tag(struct stress *t, int fd)
{
	int i, p, err = 0, err2;
	char *map;

	for (i = 0; i < NR_SLOTS && !err; i++) {
		struct slot *s = &t->slot[i];

		if (!s->writable)
			continue;
		map = mmap(t->owner_area, s->len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
			   fd, s->offset);
		if (map == MAP_FAILED) {
			err = errno;
		} else {
			for (p = 0; p < s->npages; p++)
				*(__u64 *)(map + p * pagesz) = s->tags[p];
		}
		err2 = reserve(t->owner_area, t->owner_len);
		if (err2) {
			fatal(t, P_OWNER, "re-reserving the owner's area", err2);
			err = err2;
		}
	}
	return err;
}

/* The driver's owner frees the buffer, mapped and pinned, then allocates one. */
static void driver_cycle(struct mutator *m)
{
	struct stress *t = m->t;
	__u64 nr = DRV_PAGES;
	int err;

	__atomic_fetch_add(&t->owner_seq, 1, __ATOMIC_SEQ_CST);
	err = ioctl(t->cur_fd, REMAP_VMALLOC_FREE) ? errno : 0;
	if (!err)
		STORE(t->freed, 1);
	__atomic_fetch_add(&t->owner_seq, 1, __ATOMIC_SEQ_CST);
	count_op(t, P_OWNER, err, !err, -1, "REMAP_VMALLOC_FREE");
	usleep(200 + rnd(&m->rnd) % 2000);
	for (;;) {
		__atomic_fetch_add(&t->owner_seq, 1, __ATOMIC_SEQ_CST);
		err = ioctl(t->cur_fd, REMAP_VMALLOC_ALLOC, &nr) ? errno : 0;
		if (!err)
			STORE(t->freed, 0);
		__atomic_fetch_add(&t->owner_seq, 1, __ATOMIC_SEQ_CST);
		/* vmalloc_user() may fail. */
		count_op(t, P_OWNER, err, !err || err == ENOMEM, -1, "REMAP_VMALLOC_ALLOC");
		if (err != ENOMEM || LOAD(t->stop))
			break;
		usleep(1000);
	}
}

/* Replace the socket or map, closing the old one that the slots still map. */
static void object_cycle(struct mutator *m)
{
	struct stress *t = m->t;
	int fd, old, err;

	fd = t->src == SRC_XSK ? xsk_socket(t) : bpf_ringbuf();
	err = fd < 0 ? -fd : obj_tag(t, fd);
	count_op(t, P_OWNER, err, !err || err == ENOMEM, -1,
		 t->src == SRC_XSK ? "new AF_XDP socket" : "new BPF ring buffer");
	if (err) {
		if (fd >= 0)
			close(fd);
		return;
	}
	pthread_rwlock_wrlock(&t->fd_lock);
	old = t->cur_fd;
	t->cur_fd = fd;
	pthread_rwlock_unlock(&t->fd_lock);
	close(old);
}

static void *owner_main(void *arg)
{
	struct mutator *m = arg;

	while (!LOAD(m->t->stop)) {
		usleep(5000 + rnd(&m->rnd) % 20000);
		if (m->t->src == SRC_DRIVER)
			driver_cycle(m);
		else
			object_cycle(m);
	}
	return NULL;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	while (!LOAD(w->t->stop))
		w->attempt(w);
	return NULL;
}

/* Set up what @w's path needs; false if it cannot run. */
static bool worker_open(struct worker *w)
{
	int bs, ret;

	switch (w->path) {
	case P_O_DIRECT:
		w->fd = open(RAM_DEV, O_RDWR | O_DIRECT);
		if (!setup_ok(w, P_O_DIRECT, w->fd < 0 ? errno : 0, RAM_DEV))
			return false;
		if (!setup_ok(w, P_O_DIRECT, ioctl(w->fd, BLKSSZGET, &bs) ? errno : 0,
			      "BLKSSZGET"))
			return false;
		w->bs = bs;
		if (bs < 512 || 2 * w->bs > pagesz) {
			w->t->cnt[P_O_DIRECT].state = PATH_OFF;
			snprintf(w->t->cnt[P_O_DIRECT].why, sizeof(w->t->cnt[0].why),
				 "%s: a block of %d bytes leaves no room beside the tag",
				 RAM_DEV, bs);
			return false;
		}
		return true;
	case P_VMSPLICE:
		return setup_ok(w, P_VMSPLICE, pipe(w->pipe) ? errno : 0, "pipe");
	case P_IOURING_REG:
#ifdef LOCAL_CONFIG_HAVE_LIBURING
		ret = io_uring_queue_init(8, &w->ring, 0);
		if (!setup_ok(w, P_IOURING_REG, -ret, "io_uring_queue_init"))
			return false;
		w->ring_up = true;
		return setup_ok(w, P_IOURING_REG, pipe(w->pipe) ? errno : 0, "pipe");
#else
		(void)ret;
		w->t->cnt[P_IOURING_REG].state = PATH_OFF;
		snprintf(w->t->cnt[P_IOURING_REG].why, sizeof(w->t->cnt[0].why),
			 "built without liburing");
		return false;
#endif
	default:
		return true;
	}
}

static void worker_init(struct worker *w, struct stress *t, enum path_id path, int nr)
{
	memset(w, 0, sizeof(*w));
	w->t = t;
	w->path = path;
	w->rnd = seed(nr);
	w->pid = getpid();
	w->fd = -1;
	w->pipe[0] = -1;
	w->pipe[1] = -1;
	switch (path) {
	case P_READV:
	case P_READV_REMOTE:
		w->attempt = do_readv;
		break;
	case P_WRITEV:
	case P_WRITEV_REMOTE:
		w->attempt = do_writev;
		break;
	case P_VMSPLICE:
		w->attempt = do_vmsplice;
		break;
	case P_O_DIRECT:
		w->attempt = do_o_direct;
		break;
#ifdef LOCAL_CONFIG_HAVE_LIBURING
	case P_IOURING_REG:
		w->attempt = do_iouring;
		break;
#endif
	case P_UMEM_REG:
		w->attempt = do_umem;
		break;
	case P_FORK:
		w->attempt = do_fork;
		break;
	default:
		break;
	}
}

/* Set @w up and make its first attempt, with nothing racing: is it supported? */
static void probe(struct worker *w)
{
	struct counter *c = &w->t->cnt[w->path];

	c->state = PATH_ON;
	if (w->path == P_IOURING_REG)
		w->t->cnt[P_IOURING_IO].state = PATH_ON;
	w->probing = true;
	if (worker_open(w) && w->attempt)
		w->attempt(w);
	w->probing = false;
	if (w->path == P_IOURING_REG && c->state == PATH_OFF) {
		w->t->cnt[P_IOURING_IO].state = PATH_OFF;
		snprintf(w->t->cnt[P_IOURING_IO].why, sizeof(c->why), "no fixed buffer (%s)",
			 c->why);
	}
}

static void worker_close(struct worker *w)
{
	if (w->fd >= 0)
		close(w->fd);
	if (w->pipe[0] >= 0) {
		close(w->pipe[0]);
		close(w->pipe[1]);
	}
#ifdef LOCAL_CONFIG_HAVE_LIBURING
	if (w->ring_up)
		io_uring_queue_exit(&w->ring);
#endif
	free(w->buf);
}

/* The child that runs process_vm_readv/writev on its parent, the test. */
static void remote_main(struct stress *t, int in, int out)
{
	struct worker w[2];
	bool any;
	char c;
	int i;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	worker_init(&w[0], t, P_READV_REMOTE, 100);
	worker_init(&w[1], t, P_WRITEV_REMOTE, 101);
	/* Wait until the parent has let this process access it (Yama). */
	if (read(in, &c, 1) != 1)
		_exit(1);
	for (i = 0; i < 2; i++) {
		w[i].pid = getppid();
		probe(&w[i]);
	}
	if (write(out, "p", 1) != 1 || read(in, &c, 1) != 1)
		_exit(0);
	do {
		any = false;
		for (i = 0; i < 2; i++) {
			if (t->cnt[w[i].path].state != PATH_ON)
				continue;
			w[i].attempt(&w[i]);
			any = true;
		}
	} while (any && !LOAD(t->stop));
	_exit(0);
}

/* Fork the remote helper; it has probed when this returns. *@go starts it. */
static pid_t start_remote(struct stress *t, int *go)
{
	int down[2], up[2];
	pid_t pid;
	char c;

	if (pipe(down) || pipe(up))
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (!pid) {
		close(down[1]);
		close(up[0]);
		remote_main(t, down[0], up[1]);
	}
	close(down[0]);
	close(up[1]);
	if (pid > 0) {
		/* Yama's ptrace_scope 1 lets a child into its parent only if named. */
		prctl(PR_SET_PTRACER, pid, 0, 0, 0);
		if (write(down[1], "p", 1) != 1 || read(up[0], &c, 1) != 1)
			bad(t, P_READV_REMOTE, "the remote helper did not start");
	}
	close(up[0]);
	*go = down[1];
	return pid;
}

static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* Print and count the kernel's splats since kmsg_open(). */
static int kmsg_splats(int fd)
{
	static const char * const marks[] = {
		"WARNING:", "BUG:", "Oops", "kernel BUG", "refcount_t:",
		"general protection fault", "list_add corruption", "list_del corruption",
	};
	char rec[8192], *msg;
	ssize_t len;
	size_t i;
	int n = 0;

	if (fd < 0)
		return 0;
	for (;;) {
		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)
			continue;
		if (len <= 0)
			break;
		rec[len] = '\0';
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		for (i = 0; i < ARRAY_SIZE(marks); i++) {
			if (strstr(msg, marks[i])) {
				fprintf(stderr, "# kernel: %s", msg);
				n++;
				break;
			}
		}
	}
	close(fd);
	return n;
}

static unsigned int share_seconds(void)
{
	const char *env = getenv("SCAMEM_STRESS_SECONDS");
	unsigned long total = DEFAULT_SECONDS, share;
	char *end;

	if (env && *env) {
		total = strtoul(env, &end, 10);
		if (*end || !total)
			total = DEFAULT_SECONDS;
	}
	share = total / NR_SOURCES;
	if (!share)
		share = 1;
	return share > MAX_SHARE ? MAX_SHARE : share;
}

static void run_for(struct stress *t, unsigned int seconds)
{
	struct timespec end, now;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += seconds;
	do {
		usleep(100000);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (!LOAD(t->stop) && (now.tv_sec < end.tv_sec ||
		 (now.tv_sec == end.tv_sec && now.tv_nsec < end.tv_nsec)));
}

static void print_table(struct __test_metadata *_metadata, struct stress *t)
{
	const char *name;
	char errs[512];
	int i, e, n;

	TH_LOG("%-20s %9s %9s %8s %8s %6s %4s  %s", "path", "attempts", "ok", "partial",
	       "raced", "faults", "bad", "errors");
	for (i = 0; i < NR_PATHS; i++) {
		struct counter *c = &t->cnt[i];

		if (c->state == PATH_NA)
			continue;
		if (c->state == PATH_OFF) {
			TH_LOG("%-20s skipped: %s", path_name[i], c->why);
			continue;
		}
		errs[0] = '\0';
		for (e = 0, n = 0; e < MAX_ERRNO && n < (int)sizeof(errs) - 40; e++) {
			if (!c->err[e])
				continue;
			name = e ? errnames[e] : "other";
			if (name)
				n += snprintf(errs + n, sizeof(errs) - n, "%s %ld ", name,
					      c->err[e]);
			else
				n += snprintf(errs + n, sizeof(errs) - n, "errno%d %ld ", e,
					      c->err[e]);
		}
		TH_LOG("%-20s %9ld %9ld %8ld %8ld %6ld %4ld  %s", path_name[i], c->attempts,
		       c->ok, c->partial, c->raced, c->faults, c->bad, errs);
	}
}

FIXTURE(stress) {
	struct stress *t;
};

FIXTURE_VARIANT(stress) {
	enum source src;
};

FIXTURE_VARIANT_ADD(stress, driver) {
	.src = SRC_DRIVER,
};

FIXTURE_VARIANT_ADD(stress, xsk_rings) {
	.src = SRC_XSK,
};

FIXTURE_VARIANT_ADD(stress, bpf_ringbuf) {
	.src = SRC_BPF,
};

static void *reserve_new(size_t len)
{
	void *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int slot_setup(struct stress *t, int nr, int npages, off_t offset, bool writable)
{
	struct slot *s = &t->slot[nr];

	s->npages = npages;
	s->len = npages * pagesz;
	s->offset = offset;
	s->writable = writable;
	s->low_page = -1;
	s->base = reserve_new(2 * s->len);
	if (s->len > t->owner_len)
		t->owner_len = s->len;
	return s->base ? 0 : -1;
}

FIXTURE_SETUP(stress)
{
	struct xdp_mmap_offsets off;
	socklen_t optlen = sizeof(off);
	__u64 nr = DRV_PAGES;
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	struct stress *t;
	int i, p, fd;
	size_t n;

	pagesz = sysconf(_SC_PAGESIZE);
	t = mmap(NULL, sizeof(*t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(t, MAP_FAILED);
	self->t = t;
	t->src = variant->src;
	t->cur_fd = -1;
	ASSERT_EQ(pthread_rwlock_init(&t->fd_lock, NULL), 0);
	/* A pipe whose reader died fails a write, not the test. */
	signal(SIGPIPE, SIG_IGN);
	/* Pins are accounted to RLIMIT_MEMLOCK without CAP_IPC_LOCK. */
	setrlimit(RLIMIT_MEMLOCK, &unlimited);

	switch (t->src) {
	case SRC_DRIVER:
		fd = open(DEBUGFS_FILE, O_RDWR);
		if (fd < 0 && (errno == ENOENT || errno == ENODEV || errno == EACCES ||
			       errno == EPERM))
			SKIP(return, "%s: %s (needs scamem's CONFIG_REMAP_VMALLOC_TEST, debugfs)",
			     DEBUGFS_FILE, strerror(errno));
		ASSERT_GE(fd, 0) TH_LOG("%s: %s", DEBUGFS_FILE, strerror(errno));
		t->cur_fd = fd;
		ASSERT_EQ(ioctl(fd, REMAP_VMALLOC_ALLOC, &nr), 0);
		/* Slot i maps pages [i * n, (i + 1) * n) of the buffer. */
		n = DRV_PAGES / NR_SLOTS;
		for (i = 0; i < NR_SLOTS; i++) {
			ASSERT_EQ(slot_setup(t, i, n, i * n * pagesz, true), 0);
			for (p = 0; p < (int)n; p++)
				t->slot[i].tags[p] = REMAP_VMALLOC_TAG(i * n + p);
		}
		break;
	case SRC_XSK:
		t->umem_area = mmap(NULL, XSK_UMEM_PAGES * pagesz, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		ASSERT_NE(t->umem_area, MAP_FAILED);
		fd = xsk_socket(t);
		if (fd == -EAFNOSUPPORT || fd == -EPERM || fd == -EACCES || fd == -ENOPROTOOPT)
			SKIP(return, "AF_XDP socket, rings: %s (CONFIG_XDP_SOCKETS, CAP_NET_RAW)",
			     strerror(-fd));
		ASSERT_GE(fd, 0) TH_LOG("AF_XDP socket: %s", strerror(-fd));
		t->cur_fd = fd;
		ASSERT_EQ(getsockopt(fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &optlen), 0);
		n = off.rx.desc + XSK_RX_ENTRIES * sizeof(struct xdp_desc);
		ASSERT_EQ(slot_setup(t, 0, (n + pagesz - 1) / pagesz, XDP_PGOFF_RX_RING, true), 0);
		n = off.fr.desc + XSK_FILL_ENTRIES * sizeof(__u64);
		ASSERT_EQ(slot_setup(t, 1, (n + pagesz - 1) / pagesz, XDP_UMEM_PGOFF_FILL_RING,
				     true), 0);
		for (i = 0; i < NR_SLOTS; i++)
			for (p = 0; p < t->slot[i].npages; p++)
				t->slot[i].tags[p] = XSK_TAG(i, p);
		break;
	case SRC_BPF:
		fd = bpf_ringbuf();
		if (fd == -EPERM || fd == -EINVAL || no_syscall(-fd))
			SKIP(return, "BPF_MAP_TYPE_RINGBUF: %s (CONFIG_BPF_SYSCALL, privileges)",
			     strerror(-fd));
		ASSERT_GE(fd, 0) TH_LOG("BPF ring buffer: %s", strerror(-fd));
		t->cur_fd = fd;
		/* The consumer page, and the producer page with the data twice. */
		ASSERT_EQ(slot_setup(t, 0, 1, 0, true), 0);
		ASSERT_EQ(slot_setup(t, 1, 1 + 2 * RB_DATA_PAGES, pagesz, false), 0);
		t->slot[0].tags[0] = BPF_TAG;
		break;
	}
	ASSERT_LE(t->slot[0].npages, MAX_PAGES);
	ASSERT_LE(t->slot[1].npages, MAX_PAGES);
	t->owner_area = reserve_new(t->owner_len);
	ASSERT_NE(t->owner_area, NULL);
	if (t->src != SRC_DRIVER)
		ASSERT_EQ(obj_tag(t, t->cur_fd), 0);
	for (i = 0; i < NR_PATHS; i++)
		t->cnt[i].state = i >= P_MMAP ? PATH_ON : PATH_NA;
	for (i = 0; i < NR_SLOTS; i++) {
		struct mutator m = { .t = t, .s = &t->slot[i], .nr = i };

		slot_map(&m);
		ASSERT_TRUE(t->slot[i].mapped);
	}
	/* Those first mappings were not part of the race. */
	memset(&t->cnt[P_MMAP], 0, sizeof(t->cnt[P_MMAP]));
	t->cnt[P_MMAP].state = PATH_ON;
}

FIXTURE_TEARDOWN(stress)
{
	struct stress *t = self->t;
	int i;

	if (!t)
		return;
	STORE(t->stop, 1);
	for (i = 0; i < NR_SLOTS; i++)
		if (t->slot[i].base)
			munmap(t->slot[i].base, 2 * t->slot[i].len);
	if (t->owner_area)
		munmap(t->owner_area, t->owner_len);
	if (t->umem_area && t->umem_area != MAP_FAILED)
		munmap(t->umem_area, XSK_UMEM_PAGES * pagesz);
	if (t->cur_fd >= 0)
		close(t->cur_fd);
	munmap(t, sizeof(*t));
}

/* Race it all for this variant's share of SCAMEM_STRESS_SECONDS. */
TEST_F_TIMEOUT(stress, race, MAX_SHARE + 60)
{
	static const enum path_id kinds[] = {
		P_READV, P_WRITEV, P_VMSPLICE, P_O_DIRECT, P_IOURING_REG, P_UMEM_REG, P_FORK,
	};
	struct stress *t = self->t;
	struct worker w[ARRAY_SIZE(kinds)];
	struct mutator m[NR_SLOTS + 1];
	unsigned int seconds = share_seconds();
	int kmsg = kmsg_open(), go, status, i;
	long bad_total = 0;
	pid_t helper;

	/* First attempts, with nothing racing: they say what is supported. */
	for (i = 0; i < (int)ARRAY_SIZE(kinds); i++) {
		worker_init(&w[i], t, kinds[i], i);
		ASSERT_EQ(posix_memalign((void **)&w[i].buf, pagesz, MAX_RANGE * pagesz), 0);
		probe(&w[i]);
	}
	helper = start_remote(t, &go);
	ASSERT_GT(helper, 0);

	TH_LOG("racing for %u s (SCAMEM_STRESS_SECONDS / %d)", seconds, NR_SOURCES);
	fault_handlers(true);
	for (i = 0; i <= NR_SLOTS; i++) {
		m[i].t = t;
		m[i].s = &t->slot[i < NR_SLOTS ? i : 0];
		m[i].nr = i;
		m[i].rnd = seed(50 + i);
		ASSERT_EQ(pthread_create(&m[i].thread, NULL,
					 i < NR_SLOTS ? mutator_main : owner_main, &m[i]), 0);
	}
	for (i = 0; i < (int)ARRAY_SIZE(kinds); i++)
		if (t->cnt[w[i].path].state == PATH_ON)
			ASSERT_EQ(pthread_create(&w[i].thread, NULL, worker_main, &w[i]), 0);
	ASSERT_EQ(write(go, "g", 1), 1);

	run_for(t, seconds);
	STORE(t->stop, 1);
	for (i = 0; i <= NR_SLOTS; i++)
		pthread_join(m[i].thread, NULL);
	for (i = 0; i < (int)ARRAY_SIZE(kinds); i++)
		if (t->cnt[w[i].path].state == PATH_ON)
			pthread_join(w[i].thread, NULL);
	close(go);
	ASSERT_EQ(waitpid(helper, &status, 0), helper);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		bad(t, P_READV_REMOTE, "the remote helper ended with status %#x", status);
	fault_handlers(false);
	for (i = 0; i < (int)ARRAY_SIZE(kinds); i++)
		worker_close(&w[i]);

	print_table(_metadata, t);
	for (i = 0; i < NR_PATHS; i++) {
		if (t->cnt[i].state == PATH_ON)
			EXPECT_GT(t->cnt[i].ok, 0)
				TH_LOG("%s: its first attempt worked, none in the race did",
				       path_name[i]);
		bad_total += t->cnt[i].bad;
	}
	EXPECT_EQ(bad_total, 0) TH_LOG("%ld bad results (the first ones are above)", bad_total);
	EXPECT_EQ(kmsg_splats(kmsg), 0) TH_LOG("the kernel complained, see above");
}

TEST_HARNESS_MAIN
