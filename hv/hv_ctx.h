// SPDX-License-Identifier: MIT
/* struct hv_ctx offsets, shared by hv_priv.h and arch/aarch64/hv/world.S. */
#ifndef HV_CTX_H
#define HV_CTX_H

#define HV_CTX_X0     0
#define HV_CTX_PC     248
#define HV_CTX_PSTATE 256
#define HV_CTX_FPSR   264
#define HV_CTX_FPCR   272
#define HV_CTX_HOSTSP 280
#define HV_CTX_Q0     288

#endif
