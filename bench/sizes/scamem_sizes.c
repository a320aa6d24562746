// SPDX-License-Identifier: GPL-2.0
/*
 * Sizes of the mm structures a mapping or a vmalloc() costs, for the
 * configuration this is compiled against: each array below is as large as
 * the structure it is named after, and `nm -S` reads the sizes off the
 * object without running anything (scripts/bench-defconfig-sizes.sh).
 */
#include <linux/mm_types.h>
#include <linux/vmalloc.h>

char scamem_sizeof_vm_area_struct[sizeof(struct vm_area_struct)];
char scamem_sizeof_vm_struct[sizeof(struct vm_struct)];
char scamem_sizeof_vmap_area[sizeof(struct vmap_area)];
