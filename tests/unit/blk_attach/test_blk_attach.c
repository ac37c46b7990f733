// SPDX-License-Identifier: MIT
/*
 * Handing a PCI function back to the block layer (drivers/block/blk_attach.c,
 * blk_quiesce.c) over memory-backed "controllers": detach stops them and
 * marks their devices gone; after the function's reset, attach restarts
 * them in place (same record, same name) and I/O reaches the disk again; one
 * controller restart brings back all its namespaces; a failed restart leaves
 * the device gone; a function a guest still owns is refused; a function with
 * no stopped devices goes to the probe path; other functions are untouched.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <vmplat/blk.h>
#include <vmplat/pci.h>
#include "../../fakes/blk_env.h"

#define SS	512
#define SECTORS 64

/* One controller: several namespaces share it, as NVMe's do. */
struct ctrl {
	bool running;
	unsigned stops, restarts;
	int restart_rc; /* what the next restart returns */
	struct ns *ns[2];
	unsigned nns;
};

struct ns {
	struct blk_dev blk;
	struct ctrl *c;
	uint8_t data[SS * SECTORS];
};

static int ns_read(struct blk_dev *d, uint64_t lba, uint32_t count, void *buf)
{
	struct ns *n = d->priv;

	if (!n->c->running)
		return -EIO; /* a stopped controller does no I/O */
	memcpy(buf, n->data + lba * SS, (size_t)count * SS);
	return 0;
}

static int ns_write(struct blk_dev *d, uint64_t lba, uint32_t count, const void *buf)
{
	struct ns *n = d->priv;

	if (!n->c->running)
		return -EIO;
	memcpy(n->data + lba * SS, buf, (size_t)count * SS);
	return 0;
}

static int ns_stop(struct blk_dev *d)
{
	struct ns *n = d->priv;

	n->c->running = false;
	n->c->stops++;
	return 0;
}

/* Like nvme_ns_restart: the controller comes up, every namespace it had is back. */
static int ns_restart(struct blk_dev *d)
{
	struct ctrl *c = ((struct ns *)d->priv)->c;

	c->restarts++;
	if (c->restart_rc)
		return c->restart_rc;
	c->running = true;
	for (unsigned i = 0; i < c->nns; i++)
		c->ns[i]->blk.gone = false;
	return 0;
}

static const struct blk_dev_ops ops = { .read = ns_read, .write = ns_write };
static const struct blk_pci_ops pci_ops = { .stop = ns_stop, .restart = ns_restart };

static struct pci_dev fn_a, fn_b;
static struct ctrl ca, cb;
static struct ns *na0, *na1, *nb0;
static unsigned probes;
static int probe_rc;
static struct ns *probe_adds; /* registered by the fake probe when set */

/* The firmware's probe path (blk_init.c), here a stand-in the tests steer. */
int blk_probe_pci(struct pci_dev *pci)
{
	probes++;
	if (probe_adds) {
		probe_adds->blk.pci = pci;
		assert_int_equal(blk_register(&probe_adds->blk), 0);
	}
	return probe_rc;
}

static struct ns *ns_new(struct ctrl *c, const char *name, struct pci_dev *fn)
{
	struct ns *n = calloc(1, sizeof(*n));

	strcpy(n->blk.name, name);
	n->blk.sector_size = SS;
	n->blk.sectors = SECTORS;
	n->blk.ops = &ops;
	n->blk.pci_ops = &pci_ops;
	n->blk.priv = n;
	n->blk.pci = fn;
	n->c = c;
	c->ns[c->nns++] = n;
	for (size_t i = 0; i < sizeof(n->data); i++)
		n->data[i] = (uint8_t)(i * 7 + name[4]);
	assert_int_equal(blk_register(&n->blk), 0);
	return n;
}

static int setup(void **state)
{
	(void)state;
	blk_reset();
	memset(&ca, 0, sizeof(ca));
	memset(&cb, 0, sizeof(cb));
	ca.running = cb.running = true;
	fn_a = (struct pci_dev){ .owner = PCI_DOMAIN_PLATFORM };
	fn_b = (struct pci_dev){ .owner = PCI_DOMAIN_PLATFORM };
	na0 = ns_new(&ca, "nvme0n1", &fn_a);
	na1 = ns_new(&ca, "nvme0n2", &fn_a);
	nb0 = ns_new(&cb, "vblk0", &fn_b);
	probes = 0;
	probe_rc = -ENODEV;
	probe_adds = NULL;
	env_errors = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	blk_reset();
	free(na0);
	free(na1);
	free(nb0);
	free(probe_adds);
	probe_adds = NULL;
	return 0;
}

/* After the guest: hv/passthrough.c reset the function and released it (unowned). */
static void through_a_guest(struct pci_dev *fn)
{
	fn->owner = PCI_DOMAIN_NONE;
}

static void test_detach_stops_the_function_and_marks_gone(void **state)
{
	uint8_t buf[SS];

	(void)state;
	assert_false(blk_pci_detached(&fn_a));
	assert_int_equal(blk_detach_pci(&fn_a), 2);
	assert_false(ca.running);
	assert_int_equal(ca.stops, 2); /* once per namespace; the second finds it stopped */
	assert_true(na0->blk.gone && na1->blk.gone);
	assert_true(blk_pci_detached(&fn_a));
	assert_int_equal(blk_read(&na0->blk, 0, 1, buf), -ENODEV);
	/* The other function is untouched. */
	assert_false(nb0->blk.gone);
	assert_int_equal(cb.stops, 0);
	assert_false(blk_pci_detached(&fn_b));
	assert_int_equal(blk_read(&nb0->blk, 0, 1, buf), 0);
}

static void test_attach_after_detach_gives_a_working_device(void **state)
{
	uint8_t buf[SS], w[SS];

	(void)state;
	assert_int_equal(blk_detach_pci(&fn_a), 2);
	through_a_guest(&fn_a);
	na0->data[5 * SS] ^= 0xff; /* the guest wrote the disk meanwhile */
	assert_int_equal(blk_attach_pci(&fn_a), 2);
	assert_int_equal(ca.restarts, 1); /* one controller restart serves both namespaces */
	assert_int_equal(probes, 0);
	assert_false(blk_pci_detached(&fn_a));
	/* Same records under the same names, in the registry once. */
	assert_ptr_equal(blk_find("nvme0n1"), &na0->blk);
	assert_ptr_equal(blk_find("nvme0n2"), &na1->blk);
	assert_int_equal(blk_count(), 3);
	/* Reads see the disk as the guest left it; writes land on it. */
	assert_int_equal(blk_read(&na0->blk, 5, 1, buf), 0);
	assert_memory_equal(buf, na0->data + 5 * SS, SS);
	memset(w, 0x5a, sizeof(w));
	assert_int_equal(blk_write(&na1->blk, 9, 1, w), 0);
	assert_memory_equal(na1->data + 9 * SS, w, SS);
	assert_int_equal(env_errors, 0);
}

static void test_second_detach_attach_cycle_works(void **state)
{
	uint8_t buf[SS];

	(void)state;
	for (unsigned round = 0; round < 3; round++) {
		assert_int_equal(blk_detach_pci(&fn_a), 2);
		through_a_guest(&fn_a);
		assert_int_equal(blk_attach_pci(&fn_a), 2);
	}
	assert_int_equal(ca.restarts, 3);
	assert_int_equal(blk_read(&na1->blk, 63, 1, buf), 0);
	assert_memory_equal(buf, na1->data + 63 * SS, SS);
}

static void test_failed_restart_leaves_the_device_gone(void **state)
{
	uint8_t buf[SS];

	(void)state;
	assert_int_equal(blk_detach_pci(&fn_a), 2);
	through_a_guest(&fn_a);
	ca.restart_rc = -ETIMEDOUT;
	assert_int_equal(blk_attach_pci(&fn_a), -ETIMEDOUT);
	/* One controller: its failed restart is not tried again for the second namespace. */
	assert_int_equal(ca.restarts, 1);
	assert_true(na0->blk.gone && na1->blk.gone);
	assert_true(blk_pci_detached(&fn_a));
	assert_int_equal(blk_read(&na0->blk, 0, 1, buf), -ENODEV);
	/* A later attempt can still bring it back. */
	ca.restart_rc = 0;
	assert_int_equal(blk_attach_pci(&fn_a), 2);
}

static void test_attach_refused_while_a_guest_owns_the_function(void **state)
{
	(void)state;
	assert_int_equal(blk_detach_pci(&fn_a), 2);
	fn_a.owner = 0x101;
	assert_int_equal(blk_attach_pci(&fn_a), -EBUSY);
	assert_int_equal(ca.restarts, 0);
	assert_true(na0->blk.gone);
	assert_int_equal(env_errors, 1);
}

static void test_device_without_restart_stays_gone(void **state)
{
	static const struct blk_pci_ops stop_only = { .stop = ns_stop };

	(void)state;
	nb0->blk.pci_ops = &stop_only;
	assert_int_equal(blk_detach_pci(&fn_b), 1);
	through_a_guest(&fn_b);
	assert_int_equal(blk_attach_pci(&fn_b), -EOPNOTSUPP);
	assert_true(nb0->blk.gone);
	assert_int_equal(env_errors, 1);
}

static void test_function_never_detached_goes_to_the_probe(void **state)
{
	struct pci_dev fresh = { .owner = PCI_DOMAIN_NONE };
	struct ctrl cc = { .running = true };

	(void)state;
	assert_int_equal(blk_attach_pci(&fresh), -ENODEV); /* no driver takes it */
	assert_int_equal(probes, 1);
	probe_adds = calloc(1, sizeof(*probe_adds));
	strcpy(probe_adds->blk.name, "vblk1");
	probe_adds->blk.sector_size = SS;
	probe_adds->blk.sectors = SECTORS;
	probe_adds->blk.ops = &ops;
	probe_adds->blk.priv = probe_adds;
	probe_adds->c = &cc;
	probe_rc = 0;
	assert_int_equal(blk_attach_pci(&fresh), 1);
	assert_int_equal(probes, 2);
	assert_ptr_equal(blk_find("vblk1")->pci, &fresh);
	blk_unregister(&probe_adds->blk);
}

static void test_null_function_is_refused(void **state)
{
	(void)state;
	assert_int_equal(blk_attach_pci(NULL), -EINVAL);
	assert_false(blk_pci_detached(NULL));
	assert_int_equal(blk_detach_pci(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_detach_stops_the_function_and_marks_gone,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_attach_after_detach_gives_a_working_device,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_detach_attach_cycle_works, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_failed_restart_leaves_the_device_gone, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_attach_refused_while_a_guest_owns_the_function,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_device_without_restart_stays_gone, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_function_never_detached_goes_to_the_probe,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_function_is_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
