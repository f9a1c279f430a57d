# SPDX-License-Identifier: ISC
# db: included from the top Makefile.am.

noinst_LIBRARIES += db/libdb.a
db_libdb_a_SOURCES = \
	db/db.h \
	db/db-int.h \
	db/open.c \
	db/problem.c \
	db/query.c \
	db/queue.c \
	db/settings.c \
	db/user.c \
	db/util.c
nodist_db_libdb_a_SOURCES = db/schema-sql.h
# schema-sql.h is made in the build tree.
db_libdb_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_builddir)/db
db_libdb_a_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
# libdb allocates through xmalloc & co. of sandbox/util.c: link SBX_LIBS after.
DB_LIBS = db/libdb.a $(SQLITE_LIBS)

# db/schema.sql as the lines of a C string literal, for open.c.
db/schema-sql.h: $(top_srcdir)/db/schema.sql
	$(AM_V_GEN)$(MKDIR_P) db && \
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' \
	    $(top_srcdir)/db/schema.sql > $@.tmp && mv $@.tmp $@
db/libdb_a-open.$(OBJEXT): db/schema-sql.h
CLEANFILES += db/schema-sql.h db/schema-sql.h.tmp
EXTRA_DIST += db/schema.sql db/README.md

# ---------------------------------------------------------------- tests
DB_TESTS = \
	tests/unit/test-db \
	tests/unit/test-db-data \
	tests/unit/test-queue \
	tests/unit/test-queue-procs
check_PROGRAMS += $(DB_TESTS)
TESTS += $(DB_TESTS)
DB_TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
DB_TEST_LDADD = $(DB_LIBS) $(SBX_LIBS) $(CMOCKA_LIBS)
DB_FIXTURE = tests/unit/db-fixture.h tests/unit/db-fixture.c
tests_unit_test_db_SOURCES = tests/unit/test-db.c $(DB_FIXTURE)
tests_unit_test_db_CFLAGS = $(DB_TEST_CFLAGS)
tests_unit_test_db_LDADD = $(DB_TEST_LDADD)
tests_unit_test_db_data_SOURCES = tests/unit/test-db-data.c $(DB_FIXTURE)
tests_unit_test_db_data_CFLAGS = $(DB_TEST_CFLAGS)
tests_unit_test_db_data_LDADD = $(DB_TEST_LDADD)
tests_unit_test_queue_SOURCES = tests/unit/test-queue.c $(DB_FIXTURE)
tests_unit_test_queue_CFLAGS = $(DB_TEST_CFLAGS)
tests_unit_test_queue_LDADD = $(DB_TEST_LDADD)
tests_unit_test_queue_procs_SOURCES = tests/unit/test-queue-procs.c \
	$(DB_FIXTURE)
tests_unit_test_queue_procs_CFLAGS = $(DB_TEST_CFLAGS)
tests_unit_test_queue_procs_LDADD = $(DB_TEST_LDADD)

# db-fill makes the example database of db-views.sh and db/README.md.
check_PROGRAMS += tests/unit/db-fill
tests_unit_db_fill_SOURCES = tests/unit/db-fill.c
tests_unit_db_fill_LDADD = $(DB_LIBS) $(SBX_LIBS)
TESTS += tests/unit/db-views.sh
EXTRA_DIST += tests/unit/db-views.sh
