// SPDX-License-Identifier: MIT
/*
 * SMMUv3 circular queue arithmetic (IHI 0070 E.a, 3.5.1): PROD and CONS
 * are an index in bits [log2size-1:0] and a wrap flag in bit log2size;
 * empty when both match, full when the indexes match and the wraps differ.
 * Portable, tested in tests/unit/smmu.
 */
#include "smmu.h"

static uint32_t idx_mask(const struct smmu_queue *q)
{
	return (1u << q->log2) - 1;
}

static uint32_t wrap_bit(const struct smmu_queue *q)
{
	return 1u << q->log2;
}

uint32_t smmu_q_idx(const struct smmu_queue *q, uint32_t v)
{
	return v & idx_mask(q);
}

/* Next position: index + 1 carrying into the wrap flag; other bits dropped. */
uint32_t smmu_q_inc(const struct smmu_queue *q, uint32_t v)
{
	return (v + 1) & (wrap_bit(q) | idx_mask(q));
}

bool smmu_q_empty(const struct smmu_queue *q, uint32_t prod, uint32_t cons)
{
	uint32_t m = wrap_bit(q) | idx_mask(q);

	return (prod & m) == (cons & m);
}

bool smmu_q_full(const struct smmu_queue *q, uint32_t prod, uint32_t cons)
{
	return smmu_q_idx(q, prod) == smmu_q_idx(q, cons) &&
	       (prod & wrap_bit(q)) != (cons & wrap_bit(q));
}

/* Same lap: cons index beyond pos; next lap: cons index not beyond it yet. */
bool smmu_q_consumed(const struct smmu_queue *q, uint32_t cons, uint32_t pos)
{
	if ((cons & wrap_bit(q)) == (pos & wrap_bit(q)))
		return smmu_q_idx(q, cons) > smmu_q_idx(q, pos);
	return smmu_q_idx(q, cons) <= smmu_q_idx(q, pos);
}

uint8_t *smmu_q_entry(const struct smmu_queue *q, uint32_t v)
{
	return q->base + (size_t)smmu_q_idx(q, v) * q->ent_bytes;
}

uint64_t smmu_q_base_reg(const struct smmu_queue *q)
{
	return SMMU_Q_BASE_RWA | (q->pa & SMMU_Q_BASE_ADDR) |
	       FIELD_PREP(SMMU_Q_BASE_LOG2SIZE, q->log2);
}
