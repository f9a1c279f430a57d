/* SPDX-License-Identifier: ISC */
/*
 * A small YAML tree built from libyaml's events, with the limits that
 * make a hostile problem.yaml harmless: no aliases, depth and size caps.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "problems/prob.h"

struct ybuild {
	const char		*shown;
	struct prob_ynode	*root;
	struct prob_ynode	*stack[PROB_MAX_YAML_DEPTH];
	size_t			 depth;
	size_t			 nodes;
	int			 docs;
};

static const char *const core_tags[] = {
	"tag:yaml.org,2002:str",
	"tag:yaml.org,2002:int",
	"tag:yaml.org,2002:float",
	"tag:yaml.org,2002:bool",
	"tag:yaml.org,2002:null",
	"tag:yaml.org,2002:map",
	"tag:yaml.org,2002:seq",
};

void
prob_yaml_free(struct prob_ynode *n)
{
	size_t	i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		prob_yaml_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

struct prob_ynode *
prob_yaml_get(const struct prob_ynode *map, const char *key)
{
	size_t	i;

	if (map == NULL || map->type != PROB_Y_MAP)
		return (NULL);
	for (i = 0; i + 1 < map->nkids; i += 2) {
		if (strcmp(map->kids[i]->value, key) == 0)
			return (map->kids[i + 1]);
	}
	return (NULL);
}

int
prob_yaml_null(const struct prob_ynode *n)
{
	if (n == NULL)
		return (1);
	if (n->type != PROB_Y_SCALAR || !n->plain)
		return (0);
	return (n->len == 0 || strcmp(n->value, "~") == 0 ||
	    strcasecmp(n->value, "null") == 0);
}

/* Anchors only exist to be aliased; a tag outside the core schema is
 * a language-specific object constructor in other parsers. */
static int
check_props(struct ybuild *b, const yaml_char_t *anchor,
    const yaml_char_t *tag, size_t line, char **cause)
{
	size_t	i;

	if (anchor != NULL) {
		prob_xasprintf(cause, "%s:%zu: anchors are not allowed",
		    b->shown, line);
		return (-1);
	}
	if (tag == NULL)
		return (0);
	for (i = 0; i < sizeof core_tags / sizeof core_tags[0]; i++) {
		if (strcmp((const char *)tag, core_tags[i]) == 0)
			return (0);
	}
	prob_xasprintf(cause, "%s:%zu: tags other than the core ones are "
	    "not allowed", b->shown, line);
	return (-1);
}

/* Attach n to the open collection (or make it the root). */
static int
attach(struct ybuild *b, struct prob_ynode *n, char **cause)
{
	struct prob_ynode	*parent;
	size_t			 i;

	if (++b->nodes > PROB_MAX_YAML_NODES) {
		prob_xasprintf(cause, "%s:%zu: more than %d nodes", b->shown,
		    n->line, PROB_MAX_YAML_NODES);
		prob_yaml_free(n);
		return (-1);
	}
	if (b->depth == 0) {
		if (b->root != NULL) {
			prob_xasprintf(cause, "%s:%zu: more than one document",
			    b->shown, n->line);
			prob_yaml_free(n);
			return (-1);
		}
		b->root = n;
		return (0);
	}
	parent = b->stack[b->depth - 1];
	if (parent->type == PROB_Y_MAP && parent->nkids % 2 == 0) {
		if (n->type != PROB_Y_SCALAR) {
			prob_xasprintf(cause, "%s:%zu: keys must be scalars",
			    b->shown, n->line);
			prob_yaml_free(n);
			return (-1);
		}
		for (i = 0; i < parent->nkids; i += 2) {
			if (strcmp(parent->kids[i]->value, n->value) != 0)
				continue;
			prob_xasprintf(cause, "%s:%zu: %s: duplicate key",
			    b->shown, n->line, n->value);
			prob_yaml_free(n);
			return (-1);
		}
	}
	parent->kids = prob_xreallocarray(parent->kids, parent->nkids + 1,
	    sizeof *parent->kids);
	parent->kids[parent->nkids++] = n;
	return (0);
}

static struct prob_ynode *
node_new(enum prob_ytype type, size_t line)
{
	struct prob_ynode	*n;

	n = prob_xcalloc(1, sizeof *n);
	n->type = type;
	n->line = line;
	return (n);
}

static int
on_event(struct ybuild *b, yaml_event_t *ev, char **cause)
{
	struct prob_ynode	*n;
	size_t			 line = ev->start_mark.line + 1;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->docs > 1) {
			prob_xasprintf(cause, "%s:%zu: more than one document",
			    b->shown, line);
			return (-1);
		}
		return (0);
	case YAML_ALIAS_EVENT:
		prob_xasprintf(cause, "%s:%zu: aliases are not allowed",
		    b->shown, line);
		return (-1);
	case YAML_SCALAR_EVENT:
		if (check_props(b, ev->data.scalar.anchor, ev->data.scalar.tag,
		    line, cause) != 0)
			return (-1);
		if (memchr(ev->data.scalar.value, '\0',
		    ev->data.scalar.length) != NULL) {
			prob_xasprintf(cause, "%s:%zu: NUL byte in a string",
			    b->shown, line);
			return (-1);
		}
		n = node_new(PROB_Y_SCALAR, line);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		n->value = prob_xstrndup((const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		return (attach(b, n, cause));
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (ev->type == YAML_SEQUENCE_START_EVENT) {
			if (check_props(b, ev->data.sequence_start.anchor,
			    ev->data.sequence_start.tag, line, cause) != 0)
				return (-1);
			n = node_new(PROB_Y_SEQ, line);
		} else {
			if (check_props(b, ev->data.mapping_start.anchor,
			    ev->data.mapping_start.tag, line, cause) != 0)
				return (-1);
			n = node_new(PROB_Y_MAP, line);
		}
		if (b->depth == PROB_MAX_YAML_DEPTH) {
			prob_xasprintf(cause, "%s:%zu: nested more than %d "
			    "levels deep", b->shown, line, PROB_MAX_YAML_DEPTH);
			prob_yaml_free(n);
			return (-1);
		}
		if (attach(b, n, cause) != 0)
			return (-1);
		b->stack[b->depth++] = n;
		return (0);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth > 0)
			b->depth--;
		return (0);
	default:
		return (0);
	}
}

int
prob_yaml_parse(const char *buf, size_t len, const char *shown,
    struct prob_ynode **root, char **cause)
{
	yaml_parser_t	 parser;
	yaml_event_t	 ev;
	struct ybuild	 b;
	int		 done = 0, rc = 0;

	*root = NULL;
	memset(&b, 0, sizeof b);
	b.shown = shown;
	if (!yaml_parser_initialize(&parser)) {
		prob_xasprintf(cause, "%s: cannot start the YAML parser",
		    shown);
		return (-1);
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf,
	    len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			prob_xasprintf(cause, "%s:%zu: %s%s%s", shown,
			    (size_t)parser.problem_mark.line + 1,
			    parser.problem != NULL ? parser.problem :
			    "malformed YAML",
			    parser.context != NULL ? " " : "",
			    parser.context != NULL ? parser.context : "");
			rc = -1;
			break;
		}
		if (on_event(&b, &ev, cause) != 0)
			rc = -1;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (rc != 0)
			break;
	}
	yaml_parser_delete(&parser);
	if (rc != 0) {
		prob_yaml_free(b.root);
		return (-1);
	}
	if (prob_yaml_null(b.root)) {
		prob_yaml_free(b.root);
		b.root = NULL;
	}
	*root = b.root;
	return (0);
}
