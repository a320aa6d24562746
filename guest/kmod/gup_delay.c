// SPDX-License-Identifier: GPL-2.0
/*
 * gup_delay: a test module for the Xen stage (scripts/run-xen.sh), not part
 * of the series. GUP's slow path reads a PTE under its lock, looks the page
 * up and only then takes its reference, in try_grab_folio(). A Xen PV grant
 * mapping's PTE can be cleared by the hypervisor in between unless gntdev's
 * notifier takes the same lock (the series' "xen/gntdev: unmap a PV mapping's
 * user PTEs under their page table locks"). That window is tens of
 * nanoseconds; this module stretches it to delay_us microseconds with a
 * kprobe on try_grab_folio(), for the tasks named comm and foreign (grant
 * mapped) pages only, so that gntdev_loopback's gup_vs_dontneed hits it.
 * /sys/module/gup_delay/parameters/hits counts the delays.
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/kprobes.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/page-flags.h>
#include <linux/sched.h>
#include <linux/string.h>

static char comm[TASK_COMM_LEN] = "gntdev_loopback";
module_param_string(comm, comm, sizeof(comm), 0644);
MODULE_PARM_DESC(comm, "delay only the tasks of this name");

/* At most 10 ms: udelay() is for short delays, here under a spinlock. */
#define GUP_DELAY_MAX_US	10000U
static unsigned int delay_us = 500;
module_param(delay_us, uint, 0644);
MODULE_PARM_DESC(delay_us, "how long each delay is (at most 10000 us)");

static atomic_t hits = ATOMIC_INIT(0);
module_param_named(hits, hits.counter, int, 0444);
MODULE_PARM_DESC(hits, "delays so far");

static int gup_delay_pre(struct kprobe *p, struct pt_regs *regs)
{
	/* try_grab_folio(struct folio *folio, int refs, unsigned int flags) */
	struct folio *folio = (struct folio *)regs_get_kernel_argument(regs, 0);

	if (strncmp(current->comm, comm, TASK_COMM_LEN) ||
	    folio_test_large(folio) || !PageForeign(&folio->page))
		return 0;
	atomic_inc(&hits);
	udelay(min(READ_ONCE(delay_us), GUP_DELAY_MAX_US));
	return 0;
}

static struct kprobe gup_delay_probe = {
	.symbol_name = "try_grab_folio",
	.pre_handler = gup_delay_pre,
};

static int __init gup_delay_init(void)
{
	int ret = register_kprobe(&gup_delay_probe);

	if (ret)
		pr_err("gup_delay: no kprobe on try_grab_folio: %d\n", ret);
	else
		pr_info("gup_delay: %u us in try_grab_folio() for %s\n", delay_us, comm);
	return ret;
}

static void __exit gup_delay_exit(void)
{
	unregister_kprobe(&gup_delay_probe);
	pr_info("gup_delay: %d delays\n", atomic_read(&hits));
}

module_init(gup_delay_init);
module_exit(gup_delay_exit);
MODULE_DESCRIPTION("Widen GUP's window between reading a PTE and taking its page (test only)");
MODULE_LICENSE("GPL");
