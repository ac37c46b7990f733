// SPDX-License-Identifier: MIT
#ifndef TESTS_UNIT_ENV_H
#define TESTS_UNIT_ENV_H

extern unsigned env_errors; /* log_err calls */

#endif
