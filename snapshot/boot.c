// SPDX-License-Identifier: MIT
/*
 * vmrestore=<id> on the firmware command line: restore that snapshot from
 * the store before the shell starts (docs/snapshot.md). platform_main calls
 * snapshot_boot(); the restore itself is the hypervisor's
 * (snapshot/hv/snap_cmd.c), so builds without one get the weak default.
 */
#include <errno.h>
#include <stdlib.h>
#include <vmplat/log.h>
#include <vmplat/platform.h>
#include <vmplat/snapshot.h>

__weak int snapshot_boot_restore(uint64_t id)
{
	log_err("vmrestore=%llu: no hypervisor in this build", (unsigned long long)id);
	return -ENODEV;
}

int snapshot_boot(const char *cmdline)
{
	char arg[24] = "", *end;
	uint64_t id;

	if (!cmdline_has(cmdline, "vmrestore"))
		return 0;
	if (cmdline_get(cmdline, "vmrestore", arg, sizeof(arg)) < 0 ||
	    !(id = strtoull(arg, &end, 0)) || *end) {
		log_err("vmrestore=%s: not a snapshot id", arg);
		return -EINVAL;
	}
	return snapshot_boot_restore(id);
}
