# SPDX-License-Identifier: ISC
# contrib: included from the top Makefile.am. The seccomp policies as OCI
# profiles (generated, committed, checked for staleness), the AppArmor
# profile, the Kubernetes manifests and the cgroup delegation note.

SECCOMP_JSON = \
	contrib/seccomp/default.json \
	contrib/seccomp/python.json \
	contrib/seccomp/java.json \
	contrib/seccomp/javascript.json \
	contrib/seccomp/compile.json

# seccomp-export POLICYDIR NAME: the OCI profile of one policy on stdout.
noinst_PROGRAMS += contrib/seccomp-export
contrib_seccomp_export_SOURCES = contrib/seccomp-export.c
contrib_seccomp_export_CFLAGS = $(AM_CFLAGS) $(SECCOMP_CFLAGS)
contrib_seccomp_export_LDADD = $(SBX_LIBS)

# `make seccomp-json` rewrites the committed profiles from the policies;
# tests/e2e/t-100-oci-seccomp.sh fails while they differ.
seccomp-json: contrib/seccomp-export
	@for f in $(SECCOMP_JSON); do \
		n=$$(basename "$$f" .json); \
		./contrib/seccomp-export '$(srcdir)/sandbox/policies' "$$n" \
		    >"$(srcdir)/$$f.tmp" && \
		    mv "$(srcdir)/$$f.tmp" "$(srcdir)/$$f" || exit 1; \
		echo "  GEN      $$f"; \
	done
.PHONY: seccomp-json

check_PROGRAMS += tests/unit/test-oci
TESTS += tests/unit/test-oci
tests_unit_test_oci_SOURCES = tests/unit/test-oci.c
tests_unit_test_oci_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_oci_CFLAGS = $(UNIT_CFLAGS) $(YAML_CFLAGS)
tests_unit_test_oci_LDADD = $(UNIT_LDADD) $(YAML_LIBS)

# Needs the export program (built by `all`, which check depends on).
TESTS += tests/e2e/t-100-oci-seccomp.sh

EXTRA_DIST += \
	$(SECCOMP_JSON) \
	contrib/seccomp/README.md \
	contrib/apparmor/usr.bin.gavel \
	contrib/kubernetes/runtimeclass.yaml \
	contrib/kubernetes/judge-worker.yaml \
	contrib/cgroup-delegation.md \
	tests/e2e/t-100-oci-seccomp.sh
