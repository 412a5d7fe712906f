# tests/automake.mk: our autotest system suite (tests/testsuite).
#
# "make check" runs the patched OVS tree's own tests for our area
# (check-ovs, see ovs-patches/automake.mk) and then this suite
# (check-system); either failing fails the make.  Pass TESTSUITEFLAGS to
# select tests of ours, e.g. make check TESTSUITEFLAGS='-k truncate'.

TESTSUITE_AT = \
	tests/testsuite.at \
	tests/system-macros.at \
	tests/system-lab.at \
	tests/system-mirror.at \
	tests/system-filter.at \
	tests/system-priority.at \
	tests/system-filter-more.at \
	tests/system-truncate-mtu.at \
	tests/system-live.at \
	tests/system-counters.at \
	tests/traffic-mirror-schema.at \
	tests/mirrorctl.at \
	tests/mirrorctl-query.at \
	tests/mirrorctl-lb.at \
	tests/mirror-api.at \
	tests/mirror-api-tags.at \
	tests/mirror-api-paging.at \
	tests/mirror-api-https.at \
	tests/mirror-api-load.at \
	tests/mirror-api-robust.at \
	tests/mirror-api-valgrind.at \
	tests/mirror-api-scenario.at \
	tests/system-mirrord.at \
	tests/system-mirrord-direct.at \
	tests/system-mirrord-fleet.at \
	tests/system-demo.at \
	tests/system-twohv.at \
	tests/system-mirrord-semantics.at \
	tests/system-ssl.at \
	tests/system-raft.at \
	tests/system-mirrord-restart.at \
	tests/system-mirrord-ports.at \
	tests/system-mirrord-bad-rows.at \
	tests/system-mirrord-monitor.at \
	tests/system-mirrord-lock.at
EXTRA_DIST += $(TESTSUITE_AT) tests/automake.mk tests/atlocal.in
EXTRA_DIST += tests/mirror_api_client.py
TESTSUITE = $(builddir)/tests/testsuite
AUTOM4TE = autom4te
AUTOTEST = $(AUTOM4TE) -l autotest
DISTCLEANFILES += tests/atconfig tests/atlocal
CLEANFILES += $(TESTSUITE) tests/package.m4

# Directories whose programs the tests run, first in the test PATH.
AUTOTEST_PATH = $(OVS_BUILDDIR)/utilities:$(OVS_BUILDDIR)/vswitchd:$(OVS_BUILDDIR)/ovsdb

$(TESTSUITE): tests/package.m4 $(TESTSUITE_AT) tests/automake.mk
	$(AM_V_GEN)$(AUTOTEST) -I tests -I '$(srcdir)' -I '$(srcdir)/tests' \
	  -o $@.tmp $(srcdir)/tests/testsuite.at && mv $@.tmp $@

tests/package.m4: $(top_srcdir)/configure.ac
	$(AM_V_GEN)$(MKDIR_P) tests && { \
	  echo '# Signature of the current package.' && \
	  echo 'm4_define([AT_PACKAGE_NAME],      [$(PACKAGE_NAME)])' && \
	  echo 'm4_define([AT_PACKAGE_TARNAME],   [$(PACKAGE_TARNAME)])' && \
	  echo 'm4_define([AT_PACKAGE_VERSION],   [$(PACKAGE_VERSION)])' && \
	  echo 'm4_define([AT_PACKAGE_STRING],    [$(PACKAGE_STRING)])' && \
	  echo 'm4_define([AT_PACKAGE_BUGREPORT], [$(PACKAGE_BUGREPORT)])'; \
	} > $@.tmp && mv $@.tmp $@

check_DATA = $(TESTSUITE)
noinst_DATA = $(TESTSUITE)

# (b) Our system tests: real namespaces, veth pairs and packets, against
# the patched ovs-vswitchd.  They need root.
check-system: all $(TESTSUITE) tests/atconfig tests/atlocal
	$(SHELL) '$(TESTSUITE)' -C tests AUTOTEST_PATH='$(AUTOTEST_PATH)' \
	  $(TESTSUITEFLAGS)
.PHONY: check-system

# Run both suites and the bounded fuzz run (fuzz/automake.mk); report
# failure if any fails, after running all.
check-local:
	@rc=0; \
	$(MAKE) $(AM_MAKEFLAGS) check-ovs || rc=1; \
	$(MAKE) $(AM_MAKEFLAGS) check-system || rc=1; \
	$(MAKE) $(AM_MAKEFLAGS) check-kernel-vm || rc=1; \
	$(MAKE) $(AM_MAKEFLAGS) fuzz || rc=1; \
	exit $$rc

CLEAN_LOCAL_DEPS += clean-testsuite
clean-testsuite:
	test ! -f '$(TESTSUITE)' || $(SHELL) '$(TESTSUITE)' -C tests --clean
.PHONY: clean-testsuite
