# ovs-patches/automake.mk: extract, patch, configure and build Open vSwitch.
#
# With the bundled tarball (the default), the tree is extracted into
# $(OVS_SRCDIR) = $(builddir)/ovs, the patches listed in
# ovs-patches/series are applied in order, and it is configured and built
# out of tree in $(OVS_BUILDDIR) = $(builddir)/ovs-build.  Stamp files make
# this incremental; editing series or any listed patch re-applies the series
# and rebuilds what changed.  With --with-ovs-source/--with-ovs-build the
# user's tree is used as is.

OVS_SERIES = $(srcdir)/ovs-patches/series
# The patch files the series lists (GNU make; empty if there is no series).
OVS_SERIES_PATCHES = $(shell test -f $(OVS_SERIES) && \
	sed -e 's/\#.*//' -e 's/^[ 	]*//' -e 's/[ 	]*$$//' -e '/^$$/d' \
	    $(OVS_SERIES))
OVS_PATCH_FILES = $(addprefix $(srcdir)/ovs-patches/,$(OVS_SERIES_PATCHES))

EXTRA_DIST += ovs-patches/automake.mk ovs-patches/check-series-tests.sh \
	$(wildcard $(srcdir)/ovs-patches/README.md)
dist-hook: dist-ovs-patches
dist-ovs-patches:
	$(MKDIR_P) $(distdir)/ovs-patches
	if test -f $(OVS_SERIES); then \
	  cp $(OVS_SERIES) $(OVS_PATCH_FILES) $(distdir)/ovs-patches/; \
	fi

if BUNDLED_OVS
OVS_SOURCE_STAMP = $(OVS_SRCDIR)/.tm-source-stamp
OVS_CONFIGURE_STAMP = $(OVS_BUILDDIR)/.tm-configure-stamp
OVS_BUILD_STAMP = $(OVS_BUILDDIR)/.tm-build-stamp

# A checksum of the series and of each patch it lists, rewritten only when
# it changes, so that adding, editing, reordering or removing patches (or
# the whole series file) re-applies the series.
OVS_SERIES_SIG = $(OVS_BUILDDIR)/.tm-series-sig
$(OVS_SERIES_SIG): FORCE
	@$(MKDIR_P) $(OVS_BUILDDIR)
	@{ echo "tarball $(OVS_TARBALL)"; \
	   if test -f $(OVS_SERIES); then cat $(OVS_SERIES); fi; \
	   for p in $(OVS_SERIES_PATCHES); do \
	     cksum < $(srcdir)/ovs-patches/$$p || echo "missing $$p"; \
	   done; } > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
FORCE:

$(OVS_SOURCE_STAMP): $(OVS_TARBALL) $(OVS_SERIES_SIG) $(OVS_PATCH_FILES) \
		$(top_srcdir)/tools/prepare-ovs-tree.sh
	@echo "  EXTRACT  $(OVS_TARBALL) -> $(OVS_SRCDIR)"
	@$(SHELL) $(top_srcdir)/tools/prepare-ovs-tree.sh \
	    $(OVS_TARBALL) $(srcdir)/ovs-patches $(OVS_SRCDIR)
	@touch $@

$(OVS_CONFIGURE_STAMP): $(OVS_SOURCE_STAMP)
	@$(MKDIR_P) $(OVS_BUILDDIR)
	@if test ! -f $(OVS_BUILDDIR)/Makefile; then \
	  echo "  CONFIGURE $(OVS_BUILDDIR)"; \
	  (cd $(OVS_BUILDDIR) && \
	   $(OVS_SRCDIR)/configure --prefix=/usr --localstatedir=/var \
	     --sysconfdir=/etc --enable-silent-rules \
	     CC="$(CC)" CFLAGS="$(CFLAGS)") > $(OVS_BUILDDIR).configure.log 2>&1 \
	  || { tail -30 $(OVS_BUILDDIR).configure.log; \
	       echo "Open vSwitch configure failed; see $(OVS_BUILDDIR).configure.log" >&2; \
	       rm -rf $(OVS_BUILDDIR); exit 1; }; \
	fi
	@touch $@

$(OVS_BUILD_STAMP): $(OVS_CONFIGURE_STAMP)
	@echo "  MAKE     $(OVS_BUILDDIR)"
	@$(MAKE) -C $(OVS_BUILDDIR)
	@touch $@

# Build the patched Open vSwitch as part of "make"; our programs
# (mirrord, ...) compile against it, so BUILT_SOURCES makes it come first.
BUILT_SOURCES += $(OVS_BUILD_STAMP)
all-local: $(OVS_BUILD_STAMP)

# Files of the OVS trees that other fragments use (ovsdb-idlc.in,
# cksum-schema-check, libopenvswitch.la, ...) exist once the tree is
# extracted or built.
$(OVS_SRCDIR)/%: $(OVS_SOURCE_STAMP)
	@:
$(OVS_BUILDDIR)/%: $(OVS_BUILD_STAMP)
	@:

# "make ovs" rebuilds the OVS tree even if no stamp is out of date (useful
# when hacking on the files in ovs/ directly).
ovs: $(OVS_CONFIGURE_STAMP)
	@$(MAKE) -C $(OVS_BUILDDIR)
	@touch $(OVS_BUILD_STAMP)

CLEAN_LOCAL_DEPS += clean-ovs
clean-ovs:
	-test ! -f $(OVS_BUILDDIR)/Makefile || $(MAKE) -C $(OVS_BUILDDIR) clean
	rm -f $(OVS_BUILD_STAMP)
DISTCLEAN_LOCAL_DEPS += distclean-ovs
distclean-ovs:
	rm -rf $(OVS_SRCDIR) $(OVS_SRCDIR).new $(OVS_BUILDDIR) \
	  $(OVS_BUILDDIR).configure.log
else
# The user's own OVS tree: only check that it has been built.
all-local: check-ovs-built
check-ovs-built:
	@test -x $(OVS_BUILDDIR)/vswitchd/ovs-vswitchd || { \
	  echo "$(OVS_BUILDDIR)/vswitchd/ovs-vswitchd is missing: run make in $(OVS_BUILDDIR)" >&2; \
	  exit 1; }
endif

# (a) The patched tree's own autotests for the areas the series touches:
# the series' own tests (keyword "mirror", and the ovsdb monitor test of
# its monitor fix) and the stock "mirror", "tunnel" (including the
# userspace tunnel push/pop tests) and "bond" tests.  Override with
# "make check-ovs OVS_TESTSUITEFLAGS='...'".
OVS_TESTSUITE_JOBS = $(shell nproc 2>/dev/null || echo 2)
OVS_TESTSUITEFLAGS = -j$(OVS_TESTSUITE_JOBS) -k mirror -k tunnel \
	-k tunnel_push_pop -k tunnel_push_pop_ipv6 -k bond \
	-k monitor-cond-change-shared
#
# Then every test of the series' tests/mirror-*.at must have run and passed
# (ovs-patches/check-series-tests.sh), so that a testsuite generated without
# the series fails loudly instead of passing with the stock tests only.
# "make check-ovs OVS_CHECK_SERIES_TESTS=no" skips that check, for runs with
# a narrower OVS_TESTSUITEFLAGS.
OVS_CHECK_SERIES_TESTS = yes
check-ovs: all
	rm -f $(OVS_BUILDDIR)/tests/testsuite.log
	$(MAKE) -C $(OVS_BUILDDIR) check TESTSUITEFLAGS="$(OVS_TESTSUITEFLAGS)"
	test "$(OVS_CHECK_SERIES_TESTS)" = no || \
	  $(SHELL) $(srcdir)/ovs-patches/check-series-tests.sh \
	    $(OVS_SRCDIR) $(OVS_BUILDDIR)/tests/testsuite.log
.PHONY: FORCE dist-ovs-patches ovs clean-ovs distclean-ovs check-ovs-built check-ovs
