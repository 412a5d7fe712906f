# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
#
# tests/automake.mk: our two autotest suites.
#
#   unit suite    tests/unit-testsuite.at -> tests/unit/testsuite, run in
#                 tests/unit/ by "make check-unit".  Needs no root (CI runs
#                 it as an ordinary user): the schema, mirrorctl,
#                 mirror-api, and mirrord against ovs-vswitchd
#                 --enable-dummy.
#   system suite  tests/testsuite.at -> tests/testsuite, run in tests/ by
#                 "make check-system".  Needs root: namespaces, veth
#                 pairs, real packets.
#
# "make check" runs the patched OVS tree's own tests for our area
# (check-ovs, see ovs-patches/automake.mk), both suites and the bounded
# fuzz run; any failing fails the make, after all have run.  Pass
# TESTSUITEFLAGS to select tests, e.g. make check-system
# TESTSUITEFLAGS='-k truncate'.  As root, "make check TM_UNIT_USER=NAME"
# runs the unit suite as user NAME (that is what .ci/run does).
#
# Every suite registers its log in TM_CHECK_LOGS (see Makefile.am); .ci/run
# reads them all.

TESTSUITE_AT = \
	tests/testsuite.at \
	tests/tm-macros.at \
	tests/system-macros.at \
	tests/system-lab.at \
	tests/system-mirror.at \
	tests/system-filter.at \
	tests/system-priority.at \
	tests/system-filter-more.at \
	tests/system-truncate-mtu.at \
	tests/system-live.at \
	tests/system-counters.at \
	tests/system-budget.at \
	tests/mirror-api-scenario.at \
	tests/system-mirrord.at \
	tests/system-mirrord-direct.at \
	tests/system-mirrord-fleet.at \
	tests/system-demo.at \
	tests/system-twohv.at \
	tests/system-mirrord-semantics.at \
	tests/system-ssl.at \
	tests/system-raft.at \
	tests/system-faults.at \
	tests/system-mirrord-restart.at \
	tests/system-mirrord-ports.at \
	tests/system-mirrord-bad-rows.at \
	tests/system-mirrord-limits.at \
	tests/system-mirrord-liveness.at \
	tests/system-mirrord-monitor.at \
	tests/system-verdict.at \
	tests/system-mirrord-lock.at

UNIT_TESTSUITE_AT = \
	tests/unit-testsuite.at \
	tests/tm-macros.at \
	tests/unit-macros.at \
	tests/traffic-mirror-schema.at \
	tests/mirrorctl.at \
	tests/mirrorctl-query.at \
	tests/mirrorctl-shorthand.at \
	tests/mirrorctl-tokens.at \
	tests/mirrorctl-lb.at \
	tests/mirrorctl-jmespath.at \
	tests/mirrorctl-fidelity.at \
	tests/mirrorctl-paging.at \
	tests/mirrorctl-gateway.at \
	tests/mirror-api.at \
	tests/mirror-api-tags.at \
	tests/mirror-api-paging.at \
	tests/mirror-api-https.at \
	tests/mirror-api-load.at \
	tests/mirror-api-robust.at \
	tests/mirror-api-valgrind.at \
	tests/mirror-api-races.at \
	tests/mirror-api-faults.at \
	tests/mirror-api-hostile.at \
	tests/mirror-api-consistency.at \
	tests/unit-mirrord.at \
	tests/unit-deploy.at \
	tests/unit-budget.at

EXTRA_DIST += $(TESTSUITE_AT) $(UNIT_TESTSUITE_AT) tests/automake.mk \
	tests/atlocal.in tests/mirror_api_client.py tests/tm-json.py \
	tests/README.md tests/mirror_api_races.py tests/mirror_api_crash.py \
	tests/mirror_session_churn.py
EXTRA_DIST += tests/tm_send.py
TESTSUITE = $(builddir)/tests/testsuite
UNIT_TESTSUITE = $(builddir)/tests/unit/testsuite
AUTOM4TE = autom4te
AUTOTEST = $(AUTOM4TE) -l autotest
DISTCLEANFILES += tests/atconfig tests/atlocal tests/unit/atconfig \
	tests/unit/atlocal
CLEANFILES += $(TESTSUITE) $(UNIT_TESTSUITE) tests/package.m4

# Directories whose programs the tests run, first in the test PATH.
AUTOTEST_PATH = $(OVS_BUILDDIR)/utilities:$(OVS_BUILDDIR)/vswitchd:$(OVS_BUILDDIR)/ovsdb

$(TESTSUITE): tests/package.m4 $(TESTSUITE_AT) tests/automake.mk
	$(AM_V_GEN)$(AUTOTEST) -I tests -I '$(srcdir)' -I '$(srcdir)/tests' \
	  -o $@.tmp $(srcdir)/tests/testsuite.at && mv $@.tmp $@

$(UNIT_TESTSUITE): tests/package.m4 $(UNIT_TESTSUITE_AT) tests/automake.mk
	$(AM_V_GEN)$(MKDIR_P) tests/unit && \
	$(AUTOTEST) -I tests -I '$(srcdir)' -I '$(srcdir)/tests' \
	  -o $@.tmp $(srcdir)/tests/unit-testsuite.at && mv $@.tmp $@

tests/package.m4: $(top_srcdir)/configure.ac
	$(AM_V_GEN)$(MKDIR_P) tests && { \
	  echo '# Signature of the current package.' && \
	  echo 'm4_define([AT_PACKAGE_NAME],      [$(PACKAGE_NAME)])' && \
	  echo 'm4_define([AT_PACKAGE_TARNAME],   [$(PACKAGE_TARNAME)])' && \
	  echo 'm4_define([AT_PACKAGE_VERSION],   [$(PACKAGE_VERSION)])' && \
	  echo 'm4_define([AT_PACKAGE_STRING],    [$(PACKAGE_STRING)])' && \
	  echo 'm4_define([AT_PACKAGE_BUGREPORT], [$(PACKAGE_BUGREPORT)])'; \
	} > $@.tmp && mv $@.tmp $@

check_DATA = $(TESTSUITE) $(UNIT_TESTSUITE)
noinst_DATA = $(TESTSUITE) $(UNIT_TESTSUITE)

TM_CHECK_LOGS += tests/unit/testsuite.log tests/testsuite.log

# The unit suite: no root needed.  With TM_UNIT_USER set (and make run as
# root), it runs as that user, in a tests/unit/ it owns, with the
# directories of PATH that the user can reach.
UNIT_RUN = $(SHELL) '$(UNIT_TESTSUITE)' -C tests/unit \
	AUTOTEST_PATH='$(AUTOTEST_PATH)' $(TESTSUITEFLAGS)
check-unit: all $(UNIT_TESTSUITE) tests/unit/atconfig tests/unit/atlocal
	@if test -n '$(TM_UNIT_USER)'; then \
	  echo "unit suite: running as user $(TM_UNIT_USER)"; \
	  chown -R '$(TM_UNIT_USER)' tests/unit && \
	  user_path=`runuser -u '$(TM_UNIT_USER)' -- sh -c \
	    'IFS=:; for d in $$1; do test -x "$$d" && printf "%s:" "$$d"; done' \
	    sh "$$PATH"` && \
	  runuser -u '$(TM_UNIT_USER)' -- env HOME='$(abs_builddir)/tests/unit' \
	    PATH="$${user_path%:}" $(UNIT_RUN); \
	else \
	  $(UNIT_RUN); \
	fi
.PHONY: check-unit

# The system suite: real namespaces, veth pairs and packets, against
# the patched ovs-vswitchd.  They need root.
check-system: all $(TESTSUITE) tests/atconfig tests/atlocal
	$(SHELL) '$(TESTSUITE)' -C tests AUTOTEST_PATH='$(AUTOTEST_PATH)' \
	  $(TESTSUITEFLAGS)
.PHONY: check-system

# Runs the OVS tree's tests, both suites and the bounded fuzz run
# (fuzz/automake.mk), whose result goes to fuzz/fuzz.tap (one TAP test) so
# that it is counted like the others; fails if any fails, after running
# all.
TM_CHECK_LOGS += fuzz/fuzz.tap
check-local:
	@rc=0; \
	$(MAKE) $(AM_MAKEFLAGS) check-ovs || rc=1; \
	$(MAKE) $(AM_MAKEFLAGS) check-unit || rc=1; \
	$(MAKE) $(AM_MAKEFLAGS) check-system || rc=1; \
	$(MAKE) $(AM_MAKEFLAGS) check-kernel-vm || rc=1; \
	$(MAKE) $(AM_MAKEFLAGS) check-deploy-vm || rc=1; \
	$(MAKE) $(AM_MAKEFLAGS) check-console || rc=1; \
	$(MKDIR_P) fuzz; rm -f fuzz/fuzz.tap; \
	if $(MAKE) $(AM_MAKEFLAGS) fuzz; then \
	  printf '1..1\nok 1 - fuzz: no crash\n' > fuzz/fuzz.tap; \
	else \
	  rc=1; printf '1..1\nnot ok 1 - fuzz: see fuzz/*.log\n' > fuzz/fuzz.tap; \
	fi; \
	exit $$rc

CLEAN_LOCAL_DEPS += clean-testsuite
clean-testsuite:
	test ! -f '$(TESTSUITE)' || $(SHELL) '$(TESTSUITE)' -C tests --clean
	test ! -f '$(UNIT_TESTSUITE)' || \
	  $(SHELL) '$(UNIT_TESTSUITE)' -C tests/unit --clean
	rm -f fuzz/fuzz.tap
.PHONY: clean-testsuite

# test-mirrorctl-output: mirrorctl's printers and --query evaluator on any
# JSON document, for the unit tests that compare them with the AWS CLI's
# and python3-jmespath's (tests/mirrorctl-fidelity.at,
# tests/mirrorctl-jmespath.at).
noinst_PROGRAMS += tests/test-mirrorctl-output
tests_test_mirrorctl_output_SOURCES = \
	tests/test-mirrorctl-output.c \
	utilities/mirrorctl-output.c \
	utilities/mirrorctl-output.h \
	utilities/mirrorctl-members.c \
	utilities/mirrorctl-members.h \
	utilities/mirrorctl-table.c \
	utilities/mirrorctl-table.h \
	utilities/mirrorctl-query.c \
	utilities/mirrorctl-query-functions.c \
	utilities/mirrorctl-query-private.h \
	utilities/mirrorctl-query.h
tests_test_mirrorctl_output_LDADD = $(OVS_LIBDIR)/libopenvswitch.la
EXTRA_DIST += tests/mirrorctl_jmespath.py tests/mirrorctl-jmespath.json \
	tests/mirrorctl-jmespath.txt tests/mirrorctl-fidelity.txt
