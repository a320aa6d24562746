# kunit.py's --qemu_config for the KUnit run on x86_64 (scripts/run-kunit.sh):
# the guest kernel (configs/kernels), booted bare under TCG. kunit.py asks
# QEMU for -accel kvm, hvf, tcg in that order, and KVM hangs guests on these
# machines: qemu_arch names scripts/qemu-system-x86_64-tcg, which drops the
# kvm and hvf choices and runs qemu-system-x86_64.
from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='x86_64',
			   kconfig='''
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y''',
			   qemu_arch='x86_64-tcg',
			   kernel_path='arch/x86/boot/bzImage',
			   # The guest kernel's built-in lib/test_vmalloc.c would
			   # run its slow default cases before KUnit: none here.
			   kernel_command_line='console=ttyS0 panic=-1 test_vmalloc.run_test_mask=0 test_vmalloc.nr_threads=1',
			   extra_qemu_params=['-smp', '2', '-m', '2G'])
