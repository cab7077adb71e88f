/*
 * deps.h - the order of the standard's tables from their ref rules: a
 * table comes after the tables it refers to; tables that refer to each
 * other (dept_info and staff_info) form one group. Tables of one level
 * depend on nothing of their level or after, so they may run in parallel.
 */
#ifndef HDX_DEPS_H
#define HDX_DEPS_H

#include <stddef.h>

struct standard;

/* level[i] (0-based) and group[i] (tables of one cycle share it) for
 * table i of the standard; both arrays have std->ntables entries. */
void	 deps_levels(const struct standard *, int *level, int *group);

#endif
