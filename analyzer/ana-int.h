/* SPDX-License-Identifier: ISC */
/*
 * ana internals: the rule set as rules.c builds it and engine.c reads
 * it. Nothing outside analyzer/ includes this file.
 */

#ifndef ANA_INT_H
#define ANA_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "analyzer/ana.h"

struct ana_rule {
	char			*id;
	char			*file;		/* base name */
	unsigned int		 line;
	uint32_t		 langs;
	enum ana_category	 category;
	enum ana_severity	 severity;
	enum ana_action		 action;
	int			 scope;
	char			*pattern;
	char			*explain;
	char			**match;
	size_t			 nmatch;
	char			**nomatch;
	size_t			 nnomatch;
	pcre2_code		*re;
	int			 jit;		/* JIT-compiled */
};

struct ana_set {
	struct ana_rule		*rules;
	size_t			 nrules;
	int			 flags;		/* ANA_NOJIT */
	uint32_t		 match_limit;
	uint32_t		 depth_limit;
	uint32_t		 heap_limit;	/* KiB */
};

#define ANA_COUNT_MAX	1000	/* matches of one rule counted */

/* rules.c */
void	ana_rule_clear(struct ana_rule *);

#endif /* ANA_INT_H */
