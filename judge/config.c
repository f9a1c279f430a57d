/* SPDX-License-Identifier: ISC */
/*
 * Judge settings: the keys `gavel config` knows, their defaults and
 * bounds, read from (and written to) the database's settings table.
 */

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "judge/jdg.h"

#define KEY(name, field, def, min, max, help)				\
	{ name, offsetof(struct jdg_config, field), def, min, max, help }

const struct jdg_config_key jdg_config_keys[] = {
	KEY("submit.rate_per_minute", rate_per_minute, 100, 0, 1000000,
	    "submissions a user may make in any 60 seconds (0: no limit)"),
	KEY("submit.source_max_bytes", source_max, JDG_SOURCE_MAX, 1,
	    JDG_SOURCE_CEILING, "largest source accepted, in bytes"),
	KEY("submit.max_pending", max_pending, 50, 0, 1000000,
	    "queued or judging submissions a user may have (0: no limit)"),
	KEY("ban.auto_high_flags", autoban_high, 3, 0, 1000000,
	    "high-severity flags after which a user is banned (0: never)"),
	KEY("flags.mining_cpu_ms", mining_cpu_ms, 5000, 1000, 3600 * 1000,
	    "full-CPU run time, with almost no I/O, that counts as mining "
	    "behavior"),
};
const size_t jdg_config_nkeys = sizeof jdg_config_keys /
    sizeof jdg_config_keys[0];

const struct jdg_config_key *
jdg_config_find(const char *key)
{
	size_t	i;

	for (i = 0; i < jdg_config_nkeys; i++)
		if (strcmp(jdg_config_keys[i].key, key) == 0)
			return (&jdg_config_keys[i]);
	return (NULL);
}

int
jdg_config_parse(const struct jdg_config_key *k, const char *value,
    int64_t *out, char **cause)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(value, &end, 10);
	if (*value == '\0' || *end != '\0' || errno != 0) {
		xasprintf(cause, "%s: '%s' is not a whole number", k->key,
		    value);
		return (-1);
	}
	if (v < k->min || v > k->max) {
		xasprintf(cause, "%s: %lld is out of range (%" PRId64 " to %"
		    PRId64 ")", k->key, v, k->min, k->max);
		return (-1);
	}
	*out = v;
	return (0);
}

int
jdg_config_load(struct db *db, struct jdg_config *cfg, char **cause)
{
	const struct jdg_config_key	*k;
	char				*value, *why;
	int64_t				 v;
	size_t				 i;
	int				 rc;

	for (i = 0; i < jdg_config_nkeys; i++) {
		k = &jdg_config_keys[i];
		if ((rc = db_setting_get(db, k->key, &value, cause)) == -1)
			return (-1);
		v = k->def;
		/* A bad stored value (edited by hand) is an error, not 0. */
		if (rc == 0 && jdg_config_parse(k, value, &v, &why) == -1) {
			xasprintf(cause, "%s: setting %s", db_path(db), why);
			free(why);
			free(value);
			return (-1);
		}
		free(value);
		*(int64_t *)((char *)cfg + k->off) = v;
	}
	return (0);
}

int
jdg_config_set(struct db *db, const char *key, const char *value,
    const char *actor, char **cause)
{
	const struct jdg_config_key	*k;
	char				 buf[32];
	int64_t				 v;

	if ((k = jdg_config_find(key)) == NULL) {
		xasprintf(cause, "no setting '%s' (gavel config lists them)",
		    key);
		return (-1);
	}
	if (value != NULL) {
		if (jdg_config_parse(k, value, &v, cause) == -1)
			return (-1);
		/* Stored canonical: "007" is kept as "7". */
		snprintf(buf, sizeof buf, "%" PRId64, v);
		value = buf;
	}
	return (db_setting_set(db, key, value, actor, cause));
}
