/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interface of the scamem benchmark module (bench/kmod/scamem_bench.c),
 * shared with the guest benchmark program (bench/scamem-bench.c).
 *
 * /dev/scamem_bench offers one vmalloc_user() buffer. mmap() maps it with
 * the method named by the offset: offset in pages (vm_pgoff) = method *
 * SCAMEM_BENCH_STRIDE_PAGES + the first page of the buffer to map.
 */
#ifndef _SCAMEM_BENCH_H
#define _SCAMEM_BENCH_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

enum scamem_bench_method {
	SCAMEM_BENCH_INSERT_PAGE,	/* vm_insert_page() loop (7.3.4's remap_vmalloc_range) */
	SCAMEM_BENCH_INSERT_PAGES,	/* vm_insert_pages() */
	SCAMEM_BENCH_PFNMAP,		/* remap_pfn_range() page by page */
	SCAMEM_BENCH_PFNMAP_RUNS,	/* remap_pfn_range() per physically contiguous run */
	SCAMEM_BENCH_REMAP_VMALLOC,	/* remap_vmalloc_range() */
	SCAMEM_BENCH_NR_METHODS,
};

/* Pages per method in the mmap offset: 4 GiB of offset per method. */
#define SCAMEM_BENCH_STRIDE_PAGES	_BITULL(20)

struct scamem_bench_info {
	__u32 nr_pages;		/* pages in the buffer */
	__u32 nr_runs;		/* physically contiguous runs of those pages */
	__u32 series;		/* 1 when built against a kernel with CONFIG_SCAMEM */
	__u32 sizeof_vma;	/* sizeof(struct vm_area_struct) */
	__u32 ksize_vma;	/* slab object size of a VMA (0 before the first mmap) */
	__u32 sizeof_vm_struct;
	__u32 sizeof_vmap_area;
	__u32 held_pages;	/* data pages of the areas HOLD keeps now */
};

/*
 * SCAMEM_BENCH_HOLD_SHRINK: vrealloc() each area down to one page right
 * after its vmalloc(). Its data pages beyond the first go back to the page
 * allocator; what vmalloc() allocated around them stays as for a full area:
 * the vm_struct, the vmap_area and the whole virtual range, the page array
 * (and on 7.3.4 the nested vmalloc() it may live in), the scamem on the
 * series, the kernel page tables of the range. So thousands of 4096-page
 * areas fit in the guest.
 */
#define SCAMEM_BENCH_HOLD_SHRINK	_BITUL(0)

struct scamem_bench_hold {
	__u32 count;		/* vmalloc() this many areas ... */
	__u32 pages;		/* ... of this many pages each, and keep them */
	__u32 flags;		/* SCAMEM_BENCH_HOLD_* */
	__u32 pad;
};

#define SCAMEM_BENCH_IOC_INFO	_IOR('S', 0x40, struct scamem_bench_info)
/* vmalloc() count more areas and hold them until SCAMEM_BENCH_IOC_FREE (16384 at most). */
#define SCAMEM_BENCH_IOC_HOLD	_IOW('S', 0x41, struct scamem_bench_hold)
#define SCAMEM_BENCH_IOC_FREE	_IO('S', 0x42)
/* Wait for objects freed after an RCU grace period (maple tree nodes) to go. */
#define SCAMEM_BENCH_IOC_SETTLE	_IO('S', 0x43)

#endif /* _SCAMEM_BENCH_H */
