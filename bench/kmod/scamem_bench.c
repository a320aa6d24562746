// SPDX-License-Identifier: GPL-2.0
/*
 * scamem_bench: map one vmalloc_user() buffer into userspace in the ways a
 * driver can, so that a benchmark program can compare their cost on Linux
 * 7.3.4 and on the scamem series with the same module source.
 *
 * The mmap() offset selects the method (see scamem_bench.h):
 *  - a vm_insert_page() loop over vmalloc_to_page(), what 7.3.4's
 *    remap_vmalloc_range_partial() does;
 *  - vm_insert_pages() of the buffer's page array;
 *  - remap_pfn_range() page by page, as a driver must for pages that are
 *    not known to be contiguous: the floor, no page is refcounted (and GUP
 *    refuses such PTEs);
 *  - remap_pfn_range() of each physically contiguous run of the pages;
 *  - remap_vmalloc_range(), which is the vm_insert_page() loop on 7.3.4
 *    and maps through the area's scamem on the series.
 *
 * Three ioctls help to measure memory: SCAMEM_BENCH_IOC_HOLD vmalloc()s a
 * number of areas and keeps them, with those of earlier HOLDs, until
 * SCAMEM_BENCH_IOC_FREE (with SCAMEM_BENCH_HOLD_SHRINK, each area is
 * vrealloc()ed down to one page: its metadata stays, its data pages go);
 * SCAMEM_BENCH_IOC_SETTLE waits for RCU callbacks, so that objects freed
 * through RCU are counted as free. SCAMEM_BENCH_IOC_INFO says how many data
 * pages the held areas have, which the program takes off VmallocUsed.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "scamem_bench.h"

static unsigned int nr_pages = 4096;
module_param(nr_pages, uint, 0444);
MODULE_PARM_DESC(nr_pages, "Pages in the buffer (default 4096)");

static void *bench_buf;
static struct page **bench_pages;
static unsigned int bench_runs;
static unsigned int bench_ksize_vma;

#define HOLD_MAX	16384

static DEFINE_MUTEX(hold_lock);	/* serialises HOLD and FREE */
static void **hold_areas;
static unsigned int hold_count;
static unsigned int hold_pages;	/* data pages of the held areas */

/* What 7.3.4's remap_vmalloc_range_partial() does, page by page. */
static int map_insert_page(struct vm_area_struct *vma, unsigned long start)
{
	unsigned long uaddr = vma->vm_start;
	void *kaddr = bench_buf + (start << PAGE_SHIFT);
	int ret;

	while (uaddr < vma->vm_end) {
		ret = vm_insert_page(vma, uaddr, vmalloc_to_page(kaddr));
		if (ret)
			return ret;
		uaddr += PAGE_SIZE;
		kaddr += PAGE_SIZE;
	}
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	return 0;
}

static int map_insert_pages(struct vm_area_struct *vma, unsigned long start)
{
	unsigned long num = vma_pages(vma);
	int ret;

	ret = vm_insert_pages(vma, vma->vm_start, bench_pages + start, &num);
	if (ret)
		return ret;
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	return 0;
}

/*
 * vmalloc pages are scattered in general: one remap_pfn_range() per page, or
 * (@runs) one per physically contiguous run of pages.
 */
static int map_pfnmap(struct vm_area_struct *vma, unsigned long start, bool runs)
{
	unsigned long nr = vma_pages(vma), i = 0, run;
	unsigned long pfn;
	int ret;

	while (i < nr) {
		pfn = page_to_pfn(bench_pages[start + i]);
		for (run = 1; runs && i + run < nr; run++)
			if (page_to_pfn(bench_pages[start + i + run]) != pfn + run)
				break;
		ret = remap_pfn_range(vma, vma->vm_start + (i << PAGE_SHIFT),
				      pfn, run << PAGE_SHIFT, vma->vm_page_prot);
		if (ret)
			return ret;
		i += run;
	}
	return 0;
}

static int bench_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long method = vma->vm_pgoff / SCAMEM_BENCH_STRIDE_PAGES;
	unsigned long start = vma->vm_pgoff % SCAMEM_BENCH_STRIDE_PAGES;

	if (start > nr_pages || vma_pages(vma) > nr_pages - start)
		return -EINVAL;
	WRITE_ONCE(bench_ksize_vma, ksize(vma));

	switch (method) {
	case SCAMEM_BENCH_INSERT_PAGE:
		return map_insert_page(vma, start);
	case SCAMEM_BENCH_INSERT_PAGES:
		return map_insert_pages(vma, start);
	case SCAMEM_BENCH_PFNMAP:
		return map_pfnmap(vma, start, false);
	case SCAMEM_BENCH_PFNMAP_RUNS:
		return map_pfnmap(vma, start, true);
	case SCAMEM_BENCH_REMAP_VMALLOC:
		return remap_vmalloc_range(vma, bench_buf, start);
	}
	return -EINVAL;
}

/* Free the held areas, and purge the lazily freed ones now. */
static void hold_free(void)
{
	unsigned int i;

	for (i = 0; i < hold_count; i++)
		vfree(hold_areas[i]);
	hold_count = 0;
	hold_pages = 0;
	vm_unmap_aliases();
}

static long hold_alloc(const struct scamem_bench_hold *h)
{
	unsigned int end = hold_count + h->count;
	bool shrink = h->flags & SCAMEM_BENCH_HOLD_SHRINK;
	void *p, *q;

	if (!h->count || !h->pages || h->pages > nr_pages ||
	    h->count > HOLD_MAX - hold_count || (h->flags & ~SCAMEM_BENCH_HOLD_SHRINK))
		return -EINVAL;
	while (hold_count < end) {
		p = vmalloc((size_t)h->pages << PAGE_SHIFT);
		if (!p)
			return -ENOMEM;
		hold_areas[hold_count++] = p;
		hold_pages += h->pages;
		if (!shrink || h->pages == 1)
			continue;
		/*
		 * A shrink frees the tail pages in place (mm/vmalloc.c,
		 * vrealloc_node_align_noprof(): not VM_USERMAP, order-0
		 * pages, GFP_KERNEL) and returns the same address.
		 */
		q = vrealloc(p, PAGE_SIZE, GFP_KERNEL);
		if (q != p) {
			if (q)
				hold_areas[hold_count - 1] = q;
			return -EIO;
		}
		hold_pages -= h->pages - 1;
	}
	return 0;
}

static long bench_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct scamem_bench_info info = {
		.nr_pages = nr_pages,
		.nr_runs = bench_runs,
		.series = IS_ENABLED(CONFIG_SCAMEM),
		.sizeof_vma = sizeof(struct vm_area_struct),
		.ksize_vma = READ_ONCE(bench_ksize_vma),
		.sizeof_vm_struct = sizeof(struct vm_struct),
		.sizeof_vmap_area = sizeof(struct vmap_area),
	};
	struct scamem_bench_hold hold;
	long ret;

	switch (cmd) {
	case SCAMEM_BENCH_IOC_INFO:
		mutex_lock(&hold_lock);
		info.held_pages = hold_pages;
		mutex_unlock(&hold_lock);
		if (copy_to_user((void __user *)arg, &info, sizeof(info)))
			return -EFAULT;
		return 0;
	case SCAMEM_BENCH_IOC_HOLD:
		if (copy_from_user(&hold, (void __user *)arg, sizeof(hold)))
			return -EFAULT;
		mutex_lock(&hold_lock);
		ret = hold_alloc(&hold);
		mutex_unlock(&hold_lock);
		return ret;
	case SCAMEM_BENCH_IOC_FREE:
		mutex_lock(&hold_lock);
		hold_free();
		mutex_unlock(&hold_lock);
		return 0;
	case SCAMEM_BENCH_IOC_SETTLE:
		rcu_barrier();
		return 0;
	}
	return -ENOTTY;
}

static const struct file_operations bench_fops = {
	.owner = THIS_MODULE,
	.mmap = bench_mmap,
	.unlocked_ioctl = bench_ioctl,
};

static struct miscdevice bench_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "scamem_bench",
	.fops = &bench_fops,
	.mode = 0600,
};

static int __init scamem_bench_init(void)
{
	unsigned int i;
	int ret;

	if (!nr_pages || nr_pages > SCAMEM_BENCH_STRIDE_PAGES)
		return -EINVAL;
	bench_buf = vmalloc_user((size_t)nr_pages << PAGE_SHIFT);
	bench_pages = kvcalloc(nr_pages, sizeof(*bench_pages), GFP_KERNEL);
	hold_areas = kvcalloc(HOLD_MAX, sizeof(*hold_areas), GFP_KERNEL);
	if (!bench_buf || !bench_pages || !hold_areas) {
		ret = -ENOMEM;
		goto err;
	}
	for (i = 0; i < nr_pages; i++) {
		bench_pages[i] = vmalloc_to_page(bench_buf + ((size_t)i << PAGE_SHIFT));
		if (!i || page_to_pfn(bench_pages[i]) != page_to_pfn(bench_pages[i - 1]) + 1)
			bench_runs++;
	}
	ret = misc_register(&bench_dev);
	if (ret)
		goto err;
	return 0;
err:
	kvfree(hold_areas);
	kvfree(bench_pages);
	vfree(bench_buf);
	return ret;
}

static void __exit scamem_bench_exit(void)
{
	misc_deregister(&bench_dev);
	hold_free();
	kvfree(hold_areas);
	kvfree(bench_pages);
	vfree(bench_buf);
}

module_init(scamem_bench_init);
module_exit(scamem_bench_exit);
MODULE_DESCRIPTION("Map one vmalloc buffer to userspace in several ways, for benchmarks");
MODULE_LICENSE("GPL");
