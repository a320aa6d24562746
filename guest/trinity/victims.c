// SPDX-License-Identifier: GPL-2.0
/*
 * trinity-victims DIR -- TRINITY [ARGS...]: make the objects that map
 * vmalloc memory to userspace with remap_vmalloc_range() (scamem on the
 * series) and hand them to trinity, which then runs unprivileged.
 *
 * As root: AF_XDP sockets with RX and TX rings (AF_XDP needs CAP_NET_RAW),
 * bpf ring buffers and user ring buffers, the series' debugfs test file
 * with a buffer allocated, and every /dev/video* node that takes MMAP
 * buffers (vivid: videobuf2-vmalloc), with the buffers requested. For each
 * object TRINITY_COPIES (default 6) placeholder files in DIR say which
 * inherited fd it is ("scamem-fd FD KIND"); their size is the length
 * trinity maps it with and their mode the protection (0666: read-write,
 * 0444: read-only). trinity's
 * file fd provider, pointed at DIR with -V, opens the placeholders, and
 * the LD_PRELOAD shim (shim.c) turns each such open into a dup of the
 * object's fd, so trinity maps, fuzzes and forks with the real objects.
 *
 * A keeper process (unprivileged too, reparented to init) holds the same
 * open files and, every TRINITY_KEEPER_MS (default 2000) after
 * TRINITY_KEEPER_DELAY s (default 20), frees and reallocates the test
 * driver's buffers and the video buffers while trinity maps them: the
 * owner freeing what userspace still maps. It prints its counts when
 * trinity has gone.
 *
 * Then the process drops to uid/gid TRINITY_UID/TRINITY_GID (default
 * 65534, nobody; no supplementary groups, no capabilities left) and execs
 * TRINITY with LD_PRELOAD=TRINITY_SHIM and TRINITY_SCAMEM_DIR=DIR.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <linux/bpf.h>
#include <linux/if_xdp.h>
#include <linux/videodev2.h>

#if __has_include("mm/remap_vmalloc_test.h")
#include "mm/remap_vmalloc_test.h"
#else
#define REMAP_VMALLOC_ALLOC	_IOW('v', 1, __u64)
#define REMAP_VMALLOC_FREE	_IO('v', 2)
#endif


#define RVT_PATH	"/sys/kernel/debug/remap_vmalloc_test"
#define MAX_VICTIMS	256
#define MAX_VIDEO	16
#define VIDEO_BUFS	4

static const char *dir;
static long psize;

/* The objects the keeper churns. */
static struct { int fd; __u64 pages; } rvts[4];
static int nr_rvts;
static struct { int fd; __u32 type; } videos[MAX_VIDEO];
static int nr_videos;
static int nr_victims, nr_objects;

static long env_long(const char *name, long def)
{
	const char *v = getenv(name);

	return v && *v ? strtol(v, NULL, 0) : def;
}

/*
 * Placeholders DIR/NAME-0 .. NAME-(copies-1) for object FD: trinity maps
 * SIZE bytes of it, read-write if MODE lets nobody write. Each copy is one
 * more file trinity opens (it opens as many files as DIR holds, picked at
 * random), so one more fd of the object in its pool. First, as root, the
 * object is mapped once here as trinity maps a file at start-up (SIZE
 * bytes from offset 0, shared, with MODE's protection) to show that it
 * can be.
 */
static void victim(const char *name, int fd, const char *kind, size_t size,
		   mode_t mode)
{
	int prot = mode & 0222 ? PROT_READ | PROT_WRITE : PROT_READ;
	char path[4096], check[64];
	int i, copies = env_long("TRINITY_COPIES", 6);
	void *p;
	FILE *f;

	/* bpf() makes its fds close-on-exec: trinity would not get them. */
	if (fcntl(fd, F_SETFD, 0)) {
		fprintf(stderr, "victims: %s: F_SETFD: %s\n", name, strerror(errno));
		exit(1);
	}
	p = mmap(NULL, size, prot, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		snprintf(check, sizeof(check), "root's mmap FAILED: %s", strerror(errno));
	} else {
		snprintf(check, sizeof(check), "root's mmap ok");
		munmap(p, size);
	}
	for (i = 0; i < copies && nr_victims < MAX_VICTIMS; i++) {
		snprintf(path, sizeof(path), "%s/%s-%d", dir, name, i);
		f = fopen(path, "w");
		if (!f) {
			fprintf(stderr, "victims: %s: %s\n", path, strerror(errno));
			exit(1);
		}
		fprintf(f, "scamem-fd %d %s\n", fd, kind);
		fflush(f);
		if (ftruncate(fileno(f), size) || fchmod(fileno(f), mode)) {
			fprintf(stderr, "victims: %s: %s\n", path, strerror(errno));
			exit(1);
		}
		fclose(f);
		nr_victims++;
	}
	printf("victims: %-20s fd %3d  %-18s maps %7zu bytes %s, %d placeholders; %s\n",
	       name, fd, kind, size, prot & PROT_WRITE ? "read-write" : "read-only",
	       i, check);
}

static void xsk(unsigned int ndescs)
{
	struct xdp_mmap_offsets off;
	socklen_t len = sizeof(off);
	char name[32];
	int fd;

	fd = socket(AF_XDP, SOCK_RAW, 0);
	if (fd < 0) {
		printf("victims: AF_XDP socket: %s\n", strerror(errno));
		return;
	}
	if (setsockopt(fd, SOL_XDP, XDP_RX_RING, &ndescs, sizeof(ndescs)) ||
	    setsockopt(fd, SOL_XDP, XDP_TX_RING, &ndescs, sizeof(ndescs)) ||
	    getsockopt(fd, SOL_XDP, XDP_MMAP_OFFSETS, &off, &len)) {
		printf("victims: AF_XDP rings of %u: %s\n", ndescs, strerror(errno));
		close(fd);
		return;
	}
	nr_objects++;
	snprintf(name, sizeof(name), "xsk-rx-%u", ndescs);
	/* The RX ring is at offset 0 (XDP_PGOFF_RX_RING). */
	victim(name, fd, "xsk-ring", off.rx.desc + ndescs * sizeof(struct xdp_desc),
	       0666);
}

static int bpf_map(__u32 type, __u32 size)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.max_entries = size;
	return syscall(__NR_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
}

/*
 * A BPF ring buffer of TYPE with SIZE bytes of data, as two placeholder
 * sets: its consumer page, with the protection userspace may have (MODE),
 * and the whole area read-only (consumer, producer, data twice). trinity
 * maps a file from offset 0, and a writable mapping there is refused
 * beyond the kernel-produced ring buffer's consumer page.
 */
static void ringbuf(__u32 type, const char *prefix, const char *kind, __u32 size,
		    mode_t mode)
{
	char name[32];
	int fd;

	fd = bpf_map(type, size);
	if (fd < 0) {
		printf("victims: %s: %s\n", kind, strerror(errno));
		return;
	}
	nr_objects++;
	snprintf(name, sizeof(name), "%s-%uk-cons", prefix, size >> 10);
	victim(name, fd, kind, psize, mode);
	snprintf(name, sizeof(name), "%s-%uk-all", prefix, size >> 10);
	victim(name, fd, kind, 2 * psize + 2 * size, 0444);
}

static void ringbufs(__u32 size)
{
	/* Kernel-produced: userspace writes the consumer position. */
	ringbuf(BPF_MAP_TYPE_RINGBUF, "ringbuf", "bpf-ringbuf", size, 0666);
	/* User-produced: the kernel writes it, userspace the rest. */
	ringbuf(BPF_MAP_TYPE_USER_RINGBUF, "uringbuf", "bpf-user-ringbuf", size, 0444);
}

static void rvt(__u64 pages)
{
	char name[32];
	int fd;

	fd = open(RVT_PATH, O_RDWR);
	if (fd < 0) {
		printf("victims: %s: %s\n", RVT_PATH, strerror(errno));
		return;
	}
	if (ioctl(fd, REMAP_VMALLOC_ALLOC, &pages)) {
		printf("victims: REMAP_VMALLOC_ALLOC %llu: %s\n",
		       (unsigned long long)pages, strerror(errno));
		close(fd);
		return;
	}
	nr_objects++;
	rvts[nr_rvts].fd = fd;
	rvts[nr_rvts++].pages = pages;
	snprintf(name, sizeof(name), "rvt-%llup", (unsigned long long)pages);
	victim(name, fd, "remap_vmalloc_test", pages * psize, 0666);
}

/* The buffer type of a node's first streaming queue, 0 if none. */
static __u32 video_type(__u32 caps)
{
	static const struct { __u32 cap, type; } map[] = {
		{ V4L2_CAP_VIDEO_CAPTURE, V4L2_BUF_TYPE_VIDEO_CAPTURE },
		{ V4L2_CAP_VIDEO_CAPTURE_MPLANE, V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE },
		{ V4L2_CAP_VIDEO_OUTPUT, V4L2_BUF_TYPE_VIDEO_OUTPUT },
		{ V4L2_CAP_VIDEO_OUTPUT_MPLANE, V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE },
		{ V4L2_CAP_VBI_CAPTURE, V4L2_BUF_TYPE_VBI_CAPTURE },
		{ V4L2_CAP_VBI_OUTPUT, V4L2_BUF_TYPE_VBI_OUTPUT },
		{ V4L2_CAP_SDR_CAPTURE, V4L2_BUF_TYPE_SDR_CAPTURE },
		{ V4L2_CAP_META_CAPTURE, V4L2_BUF_TYPE_META_CAPTURE },
		{ V4L2_CAP_META_OUTPUT, V4L2_BUF_TYPE_META_OUTPUT },
	};
	unsigned int i;

	if (!(caps & V4L2_CAP_STREAMING))
		return 0;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (caps & map[i].cap)
			return map[i].type;
	return 0;
}

static int reqbufs(int fd, __u32 type, __u32 count)
{
	struct v4l2_requestbuffers req = {
		.count = count, .type = type, .memory = V4L2_MEMORY_MMAP,
	};

	return ioctl(fd, VIDIOC_REQBUFS, &req) ? -errno : (int)req.count;
}

static void video(int n)
{
	struct v4l2_plane planes[VIDEO_MAX_PLANES];
	struct v4l2_capability cap;
	struct v4l2_buffer buf;
	char path[32], name[32];
	__u32 caps, type, len;
	int fd, ret;

	snprintf(path, sizeof(path), "/dev/video%d", n);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		if (errno != ENOENT)
			printf("victims: %s: %s\n", path, strerror(errno));
		return;
	}
	memset(&cap, 0, sizeof(cap));
	if (ioctl(fd, VIDIOC_QUERYCAP, &cap)) {
		printf("victims: %s: VIDIOC_QUERYCAP: %s\n", path, strerror(errno));
		goto out;
	}
	caps = cap.capabilities & V4L2_CAP_DEVICE_CAPS ? cap.device_caps :
							 cap.capabilities;
	type = video_type(caps);
	if (!type) {
		printf("victims: %s (%s): no MMAP streaming queue\n", path, (char *)cap.card);
		goto out;
	}
	ret = reqbufs(fd, type, VIDEO_BUFS);
	if (ret <= 0) {
		printf("victims: %s: VIDIOC_REQBUFS type %u: %s\n", path, type,
		       ret ? strerror(-ret) : "0 buffers");
		goto out;
	}
	memset(&buf, 0, sizeof(buf));
	buf.type = type;
	buf.memory = V4L2_MEMORY_MMAP;
	buf.index = 0;
	if (V4L2_TYPE_IS_MULTIPLANAR(type)) {
		buf.m.planes = planes;
		buf.length = VIDEO_MAX_PLANES;
	}
	if (ioctl(fd, VIDIOC_QUERYBUF, &buf)) {
		printf("victims: %s: VIDIOC_QUERYBUF: %s\n", path, strerror(errno));
		goto out;
	}
	len = V4L2_TYPE_IS_MULTIPLANAR(type) ? planes[0].length : buf.length;
	/* Buffer 0 is at offset 0; map up to 8 pages of it. */
	len = (len + psize - 1) & ~(psize - 1);
	if (len > 8 * psize)
		len = 8 * psize;
	nr_objects++;
	videos[nr_videos].fd = fd;
	videos[nr_videos++].type = type;
	snprintf(name, sizeof(name), "video%d-bufs", n);
	printf("victims: %s (%s): %d MMAP buffers of type %u\n", path, (char *)cap.card,
	       ret, type);
	victim(name, fd, "vb2-vmalloc", len, 0666);
	return;
out:
	close(fd);
}

static int drop_privs(uid_t uid, gid_t gid)
{
	if (setgroups(0, NULL) || setresgid(gid, gid, gid) ||
	    setresuid(uid, uid, uid)) {
		fprintf(stderr, "victims: dropping to %u:%u: %s\n", uid, gid,
			strerror(errno));
		return -1;
	}
	return 0;
}


/* Free and reallocate the owners' buffers while trinity maps them. */
static void keeper(pid_t trinity, long delay, long ms)
{
	unsigned long cycles = 0, rvt_frees = 0, rvt_allocs = 0;
	unsigned long vid_frees = 0, vid_busy = 0, vid_allocs = 0;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	int i, ret;

	prctl(PR_SET_NAME, "scamem-keeper");
	sleep(delay);
	while (kill(trinity, 0) == 0 || errno == EPERM) {
		for (i = 0; i < nr_rvts; i++) {
			rvt_frees += !ioctl(rvts[i].fd, REMAP_VMALLOC_FREE);
			rvt_allocs += !ioctl(rvts[i].fd, REMAP_VMALLOC_ALLOC,
					     &rvts[i].pages);
		}
		for (i = 0; i < nr_videos; i++) {
			ret = reqbufs(videos[i].fd, videos[i].type, 0);
			vid_frees += ret == 0;
			vid_busy += ret == -EBUSY;
			vid_allocs += reqbufs(videos[i].fd, videos[i].type,
					      VIDEO_BUFS) > 0;
		}
		cycles++;
		nanosleep(&ts, NULL);
	}
	printf("victims: keeper: %lu cycles; test driver buffers freed %lu, allocated %lu; "
	       "video buffers freed %lu (busy %lu), requested %lu\n",
	       cycles, rvt_frees, rvt_allocs, vid_frees, vid_busy, vid_allocs);
	fflush(stdout);
	_exit(0);
}

int main(int argc, char **argv)
{
	uid_t uid = env_long("TRINITY_UID", 65534);
	gid_t gid = env_long("TRINITY_GID", 65534);
	const char *shim = getenv("TRINITY_SHIM");
	pid_t self = getpid(), pid;
	int i, status;

	if (argc < 4 || strcmp(argv[2], "--")) {
		fprintf(stderr, "usage: %s DIR -- TRINITY [ARGS...]\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	psize = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);

	xsk(256);
	xsk(2048);
	ringbufs(16 * psize);
	ringbufs(256 * psize);
	rvt(16);
	rvt(1);
	for (i = 0; i < 64 && nr_videos < MAX_VIDEO; i++)
		video(i);
	printf("victims: %d objects, %d placeholders in %s\n", nr_objects,
	       nr_victims, dir);
	if (!nr_victims)
		return 1;

	/* The keeper: a grandchild, so trinity never sees it as its child. */
	pid = fork();
	if (pid == 0) {
		if (fork() == 0) {
			if (drop_privs(uid, gid))
				_exit(1);
			keeper(self, env_long("TRINITY_KEEPER_DELAY", 20),
			       env_long("TRINITY_KEEPER_MS", 2000));
		}
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);

	if (drop_privs(uid, gid))
		return 1;
	printf("victims: running as uid %u gid %u, groups none: exec %s\n",
	       getuid(), getgid(), argv[3]);
	if (shim)
		setenv("LD_PRELOAD", shim, 1);
	setenv("TRINITY_SCAMEM_DIR", dir, 1);
	fflush(stdout);
	execv(argv[3], argv + 3);
	fprintf(stderr, "victims: exec %s: %s\n", argv[3], strerror(errno));
	return 1;
}
