// SPDX-License-Identifier: MIT
/*
 * NVMe completion status (NVMe 1.4, 4.6.1.2): Status Code Type and Status
 * Code decoded to a name for messages and an errno for callers.
 * Portable (host tested).
 */
#include <errno.h>
#include "nvme.h"

enum { SCT_GENERIC, SCT_CMD_SPECIFIC, SCT_MEDIA, SCT_PATH, SCT_VENDOR = 7 };

struct nvme_code {
	uint8_t sct, sc;
	int err;
	const char *name;
};

/* Figures 126 (generic), 127/130 (command specific), 131 (media), 132 (path). */
static const struct nvme_code codes[] = {
	{ SCT_GENERIC, 0x00, 0, "success" },
	{ SCT_GENERIC, 0x01, -EINVAL, "invalid command opcode" },
	{ SCT_GENERIC, 0x02, -EINVAL, "invalid field in command" },
	{ SCT_GENERIC, 0x03, -EIO, "command id conflict" },
	{ SCT_GENERIC, 0x04, -EIO, "data transfer error" },
	{ SCT_GENERIC, 0x05, -EIO, "aborted: power loss notification" },
	{ SCT_GENERIC, 0x06, -EIO, "internal error" },
	{ SCT_GENERIC, 0x07, -ECANCELED, "abort requested" },
	{ SCT_GENERIC, 0x08, -ECANCELED, "aborted: SQ deletion" },
	{ SCT_GENERIC, 0x0b, -ENODEV, "invalid namespace or format" },
	{ SCT_GENERIC, 0x0c, -EINVAL, "command sequence error" },
	{ SCT_GENERIC, 0x13, -EINVAL, "PRP offset invalid" },
	{ SCT_GENERIC, 0x15, -EPERM, "operation denied" },
	{ SCT_GENERIC, 0x80, -ERANGE, "LBA out of range" },
	{ SCT_GENERIC, 0x81, -ENOSPC, "capacity exceeded" },
	{ SCT_GENERIC, 0x82, -EAGAIN, "namespace not ready" },
	{ SCT_GENERIC, 0x83, -EBUSY, "reservation conflict" },
	{ SCT_CMD_SPECIFIC, 0x00, -EINVAL, "completion queue invalid" },
	{ SCT_CMD_SPECIFIC, 0x01, -EINVAL, "invalid queue identifier" },
	{ SCT_CMD_SPECIFIC, 0x02, -EINVAL, "invalid queue size" },
	{ SCT_CMD_SPECIFIC, 0x08, -EINVAL, "invalid interrupt vector" },
	{ SCT_CMD_SPECIFIC, 0x80, -EINVAL, "conflicting attributes" },
	{ SCT_CMD_SPECIFIC, 0x82, -EROFS, "attempted write to read only range" },
	{ SCT_MEDIA, 0x80, -EIO, "write fault" },
	{ SCT_MEDIA, 0x81, -EIO, "unrecovered read error" },
	{ SCT_MEDIA, 0x85, -EIO, "compare failure" },
	{ SCT_MEDIA, 0x86, -EACCES, "access denied" },
	{ SCT_MEDIA, 0x87, -ENODATA, "deallocated or unwritten block" },
	{ SCT_PATH, 0x00, -EIO, "internal path error" },
};

static const struct nvme_code *lookup(uint16_t status)
{
	uint8_t sct = (uint8_t)FIELD_GET(NVME_STATUS_SCT, status);
	uint8_t sc = (uint8_t)FIELD_GET(NVME_STATUS_SC, status);

	for (size_t i = 0; i < ARRAY_SIZE(codes); i++)
		if (codes[i].sct == sct && codes[i].sc == sc)
			return &codes[i];
	return NULL;
}

int nvme_status_errno(uint16_t status)
{
	const struct nvme_code *c = lookup(status);

	if (c)
		return c->err;
	return -EIO; /* unknown codes, vendor specific: a failed command all the same */
}

const char *nvme_status_str(uint16_t status)
{
	static const char *const sct_names[8] = {
		"generic status",  "command specific status", "media error",	 "path error",
		"reserved type 4", "reserved type 5",	      "reserved type 6", "vendor specific",
	};
	const struct nvme_code *c = lookup(status);

	return c ? c->name : sct_names[FIELD_GET(NVME_STATUS_SCT, status)];
}
