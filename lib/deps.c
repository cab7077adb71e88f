/*
 * deps.c - strongly connected components of the ref graph (Tarjan), then
 * the longest path to each component: its level.
 */
#include <stdlib.h>
#include <string.h>

#include "deps.h"
#include "standard.h"
#include "util.h"

struct graph {
	const struct standard *std;
	size_t		 n;
	char		*edge;		/* edge[a * n + b]: a refers to b */
	int		*index, *low, *group, *stack;
	char		*on;
	int		 next, sp, ngroups;
};

static void
build_edges(struct graph *g)
{
	size_t a, i, j;

	for (a = 0; a < g->n; a++) {
		const struct std_table *t = &g->std->table[a];

		for (i = 0; i < t->nfields; i++)
			for (j = 0; j < t->field[i].ntokens; j++) {
				const struct std_token *k = &t->field[i].token[j];
				size_t b;

				if (k->rule->kind != RULE_REF && k->rule->kind != RULE_SUM)
					continue;
				b = (size_t)(k->table - g->std->table);
				if (b != a)
					g->edge[a * g->n + b] = 1;
			}
	}
}

static void
strongconnect(struct graph *g, int v)
{
	size_t w;

	g->index[v] = g->low[v] = g->next++;
	g->stack[g->sp++] = v;
	g->on[v] = 1;
	for (w = 0; w < g->n; w++) {
		if (!g->edge[(size_t)v * g->n + w])
			continue;
		if (g->index[w] < 0) {
			strongconnect(g, (int)w);
			if (g->low[w] < g->low[v])
				g->low[v] = g->low[w];
		} else if (g->on[w] && g->index[w] < g->low[v])
			g->low[v] = g->index[w];
	}
	if (g->low[v] != g->index[v])
		return;
	for (;;) {
		int x = g->stack[--g->sp];

		g->on[x] = 0;
		g->group[x] = g->ngroups;
		if (x == v)
			break;
	}
	g->ngroups++;
}

/*
 * The level of a table: one more than the deepest level among the tables
 * it refers to outside its own group, the group's members taken together.
 * The graph of groups has no cycle, so the recursion ends.
 */
static int
level_of(struct graph *g, int *memo, int v)
{
	size_t w, u;
	int lv = 0, l;

	if (memo[v] >= 0)
		return memo[v];
	for (u = 0; u < g->n; u++) {
		if (g->group[u] != g->group[v])
			continue;
		for (w = 0; w < g->n; w++) {
			if (!g->edge[u * g->n + w] || g->group[w] == g->group[v])
				continue;
			l = level_of(g, memo, (int)w) + 1;
			if (l > lv)
				lv = l;
		}
	}
	for (u = 0; u < g->n; u++)
		if (g->group[u] == g->group[v])
			memo[u] = lv;
	return lv;
}

void
deps_levels(const struct standard *std, int *level, int *group)
{
	struct graph g;
	size_t i;

	memset(&g, 0, sizeof(g));
	g.std = std;
	g.n = std->ntables;
	g.edge = xcalloc(g.n * g.n + 1, 1);
	g.index = xcalloc(g.n + 1, sizeof(int));
	g.low = xcalloc(g.n + 1, sizeof(int));
	g.stack = xcalloc(g.n + 1, sizeof(int));
	g.on = xcalloc(g.n + 1, 1);
	g.group = group;
	build_edges(&g);
	for (i = 0; i < g.n; i++) {
		g.index[i] = -1;
		level[i] = -1;
	}
	for (i = 0; i < g.n; i++)
		if (g.index[i] < 0)
			strongconnect(&g, (int)i);
	for (i = 0; i < g.n; i++)
		level_of(&g, level, (int)i);
	free(g.edge);
	free(g.index);
	free(g.low);
	free(g.stack);
	free(g.on);
}
