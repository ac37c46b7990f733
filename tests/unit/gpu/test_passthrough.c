// SPDX-License-Identifier: MIT
/*
 * Quirk table and passthrough plan (drivers/gpu/quirks.c, passthrough.c)
 * on synthetic config spaces in the simulated ECAM: an NVIDIA GPU with its
 * HDMI audio function behind a root port, AMD parts with and without the
 * reset bug, and a GPU that shares its bus.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/gpu.h>
#include "../pci/pci_env.h"
#include "gpu_tests.h"

static struct fake_ecam fe;

struct rig {
	int port, gpu, audio;
	struct pci_dev *g, *a;
};

static int root_port(unsigned dev)
{
	int f = fake_add_fn(&fe, -1, dev, 0, 0x8086, 0x7c01, 0x060400, PCI_HDR_BRIDGE);

	fake_add_pcie(&fe, f, PCI_EXP_TYPE_ROOT_PORT, false, false);
	return f;
}

/* A discrete GPU as the silicon presents it: fn0 display with 16 MiB registers, a 256 MiB
 * and a 32 MiB 64-bit prefetchable BAR, a ROM; fn1 HD audio. */
static void build(struct rig *r, uint16_t vendor, uint16_t gpu_id, uint16_t audio_id, bool flr)
{
	env_reset(&fe);
	fake_add_fn(&fe, -1, 0, 0, 0x8086, 0x29c0, 0x060000, PCI_HDR_NORMAL);
	r->port = root_port(1);
	r->gpu = fake_add_fn(&fe, r->port, 0, 0, vendor, gpu_id, 0x030000, PCI_HDR_NORMAL);
	fake_set_multifunction(&fe, r->gpu);
	fake_add_bar(&fe, r->gpu, 0, PCI_BAR_MEM32, 16 * MiB, false);
	fake_add_bar(&fe, r->gpu, 1, PCI_BAR_MEM64, 256 * MiB, true);
	fake_add_bar(&fe, r->gpu, 3, PCI_BAR_MEM64, 32 * MiB, true);
	fake_add_rom(&fe, r->gpu, 512 * KiB);
	fake_add_pcie(&fe, r->gpu, PCI_EXP_TYPE_ENDPOINT, flr, false);
	r->audio = fake_add_fn(&fe, r->port, 0, 1, vendor, audio_id, 0x040300, PCI_HDR_NORMAL);
	fake_add_bar(&fe, r->audio, 0, PCI_BAR_MEM32, 16 * KiB, false);
	fake_add_pcie(&fe, r->audio, PCI_EXP_TYPE_ENDPOINT, flr, false);
}

static void scan(struct rig *r)
{
	struct pci_host *h = env_host(&fe, 0);

	assert_non_null(h);
	assert_true(pci_scan_host(h) >= 4);
	pci_assign_host(h);
	r->g = pci_find_class(0x030000, 0xff0000, 0);
	r->a = pci_find_class(0x040300, 0xffff00, 0);
	assert_non_null(r->g);
	assert_non_null(r->a);
}

void test_quirk_table_vendor_class_then_device(void **state)
{
	const struct gpu_quirk *q;

	(void)state;
	q = gpu_quirk_find(PCI_VENDOR_NVIDIA, 0x1eb8, 0x030200); /* any NVIDIA 3D controller */
	assert_non_null(q);
	assert_true(q->flags & GPU_Q_COMPANION);
	assert_false(q->flags & (GPU_Q_NO_RESET | GPU_Q_NO_SBR));
	q = gpu_quirk_find(PCI_VENDOR_NVIDIA, 0x10f8, 0x040300);
	assert_non_null(q);
	assert_non_null(strstr(q->reason, "audio"));
	q = gpu_quirk_find(PCI_VENDOR_NVIDIA, 0x2342, 0x030200); /* device range entry first */
	assert_true(q->flags & GPU_Q_NO_SBR);
	q = gpu_quirk_find(PCI_VENDOR_AMD, 0x67df, 0x030000); /* Polaris 10 */
	assert_true(q->flags & GPU_Q_NO_RESET);
	assert_non_null(strstr(q->reason, "reset bug"));
	q = gpu_quirk_find(PCI_VENDOR_AMD, 0x73bf, 0x030000); /* Navi 21: vendor/class entry */
	assert_non_null(q);
	assert_false(q->flags & GPU_Q_NO_RESET);
	assert_null(gpu_quirk_find(PCI_VENDOR_NVIDIA, 0x1eb8, 0x020000)); /* not display/audio */
	assert_null(gpu_quirk_find(0x8086, 0x46a6, 0x030000));
	assert_null(gpu_quirk_find(PCI_VENDOR_AMD, 0x1480, 0x060000));
}

void test_nvidia_gpu_and_audio_planned_together(void **state)
{
	struct gpu_pt_plan p;
	struct rig r;

	(void)state;
	build(&r, PCI_VENDOR_NVIDIA, 0x1eb8, 0x10f8, false);
	scan(&r);
	assert_int_equal(gpu_pt_plan(r.a, &p), 0); /* asked about the audio function */
	assert_ptr_equal(p.gpu, r.g);
	assert_int_equal(p.ncompanion, 1);
	assert_ptr_equal(p.companion[0], r.a);
	assert_int_equal(p.large_bar_bytes, 288 * MiB);
	assert_true(p.has_rom);
	assert_int_equal(p.reset, GPU_RESET_SBR); /* no FLR, alone below the root port */
	assert_non_null(p.quirk);
}

void test_nvidia_gpu_with_flr_uses_flr(void **state)
{
	struct gpu_pt_plan p;
	struct rig r;

	(void)state;
	build(&r, PCI_VENDOR_NVIDIA, 0x2204, 0x1aef, true);
	scan(&r);
	assert_int_equal(gpu_pt_plan(r.g, &p), 0);
	assert_int_equal(p.reset, GPU_RESET_FLR);
}

void test_nvidia_no_sbr_part_without_flr_is_refused(void **state)
{
	struct gpu_pt_plan p;
	struct rig r;

	(void)state;
	build(&r, PCI_VENDOR_NVIDIA, 0x2342, 0x10f8, false);
	scan(&r);
	assert_int_equal(gpu_pt_plan(r.g, &p), 0);
	assert_int_equal(p.reset, GPU_RESET_REFUSE);
	assert_non_null(strstr(p.reset_why, "secondary bus reset"));
	assert_int_equal(gpu_pt_assign(r.g, 2), -EOPNOTSUPP);
}

void test_amd_reset_bug_refuses_assignment(void **state)
{
	struct gpu_pt_plan p;
	struct rig r;

	(void)state;
	build(&r, PCI_VENDOR_AMD, 0x67df, 0xaaf0, true); /* FLR advertised: still refused */
	scan(&r);
	assert_int_equal(gpu_pt_plan(r.g, &p), 0);
	assert_int_equal(p.reset, GPU_RESET_REFUSE);
	assert_non_null(strstr(p.reset_why, "reset bug"));
	assert_int_equal(gpu_pt_assign(r.a, 4), -EOPNOTSUPP);
	assert_int_equal(r.g->owner, PCI_DOMAIN_NONE);
	assert_int_equal(r.a->owner, PCI_DOMAIN_NONE);
}

/* Release resets through pci_reset_function, which asks the quirk filter first. */
void test_release_honours_reset_quirks(void **state)
{
	struct rig r;

	(void)state;
	build(&r, PCI_VENDOR_AMD, 0x67df, 0xaaf0, true); /* Polaris: no reset works */
	scan(&r);
	pci_set_reset_filter(gpu_reset_filter);
	assert_int_equal(pci_reset_function(r.g), -EPERM);
	assert_int_equal(pci_reset_function(r.a), -EPERM); /* audio follows its GPU */
	pci_set_reset_filter(NULL);
	assert_int_equal(pci_reset_function(r.g), 0); /* FLR is advertised */
}

void test_amd_gpu_without_flr_gets_bus_reset(void **state)
{
	struct gpu_pt_plan p;
	struct rig r;

	(void)state;
	build(&r, PCI_VENDOR_AMD, 0x73bf, 0xab28, false);
	scan(&r);
	assert_int_equal(gpu_pt_plan(r.g, &p), 0);
	assert_int_equal(p.reset, GPU_RESET_SBR);
	assert_int_equal(p.ncompanion, 1);
}

void test_gpu_sharing_a_bus_has_no_reset(void **state)
{
	struct gpu_pt_plan p;
	struct rig r;

	(void)state;
	env_reset(&fe);
	/* On the root bus (no port above): no secondary bus reset to use. */
	r.gpu = fake_add_fn(&fe, -1, 2, 0, PCI_VENDOR_AMD, 0x73bf, 0x030000, PCI_HDR_NORMAL);
	fake_add_bar(&fe, r.gpu, 0, PCI_BAR_MEM64, 256 * MiB, true);
	fake_add_pcie(&fe, r.gpu, PCI_EXP_TYPE_RC_END, false, false);
	assert_true(pci_scan_host(env_host(&fe, 0)) >= 1);
	r.g = pci_find_id(PCI_VENDOR_AMD, 0x73bf, 0);
	assert_int_equal(gpu_pt_plan(r.g, &p), 0);
	assert_int_equal(p.reset, GPU_RESET_NONE);
	assert_int_equal(p.ncompanion, 0);
	assert_int_equal(gpu_pt_assign(r.g, 1), -EOPNOTSUPP);
	assert_int_equal(r.g->owner, PCI_DOMAIN_NONE);
}

void test_assign_moves_gpu_and_audio_together(void **state)
{
	struct rig r;

	(void)state;
	build(&r, PCI_VENDOR_NVIDIA, 0x1eb8, 0x10f8, false);
	scan(&r);
	assert_int_equal(gpu_pt_assign(r.a, 3), 0);
	assert_int_equal(r.g->owner, 3);
	assert_int_equal(r.a->owner, 3);
	assert_int_equal(gpu_pt_assign(r.g, 3), 0); /* again: no change */
	assert_int_equal(gpu_pt_assign(r.g, 5), -EBUSY);
	assert_int_equal(r.g->owner, 3);
}

void test_assign_busy_companion_moves_nothing(void **state)
{
	struct rig r;

	(void)state;
	build(&r, PCI_VENDOR_NVIDIA, 0x1eb8, 0x10f8, false);
	scan(&r);
	r.a->owner = 7; /* the audio function already belongs to another domain */
	assert_int_equal(gpu_pt_assign(r.g, 3), -EBUSY);
	assert_int_equal(r.g->owner, PCI_DOMAIN_NONE);
	assert_int_equal(r.a->owner, 7);
}
