# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# debian/automake.mk: "make deb" builds the Debian packages from the tree
# (debian/rules): ovs-traffic-mirror and openvswitch-switch-traffic-mirror,
# in $(DEB_DIR).  It copies the tree's files (as git lists them, or the
# distribution's) into $(DEB_DIR)/ovs-traffic-mirror-$(VERSION) and runs
# dpkg-buildpackage there with the Open vSwitch tree this build uses, so
# that it does not rebuild Open vSwitch (a plain dpkg-buildpackage in a
# fresh tree builds the bundled one).  Tests are not run
# (DEB_BUILD_OPTIONS=nocheck): "make check" runs them.

DEB_DIR = $(abs_builddir)/deb
EXTRA_DIST += debian/automake.mk debian/changelog debian/control \
	debian/copyright debian/rules debian/source/format \
	debian/ovs-traffic-mirror.postinst debian/ovs-traffic-mirror.prerm \
	debian/openvswitch-switch-traffic-mirror.preinst \
	debian/openvswitch-switch-traffic-mirror.postinst \
	debian/openvswitch-switch-traffic-mirror.prerm \
	debian/openvswitch-switch-traffic-mirror.postrm
deb: all
	$(AM_V_GEN)rm -rf '$(DEB_DIR)' && \
	src='$(DEB_DIR)/ovs-traffic-mirror-$(VERSION)' && \
	$(MKDIR_P) "$$src" && \
	if git -C '$(srcdir)' rev-parse --git-dir >/dev/null 2>&1; then \
	  (cd '$(srcdir)' && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) \
	    | tar -C "$$src" -xf -; \
	else \
	  $(MAKE) distdir distdir="$$src"; \
	fi && \
	(cd "$$src" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
	  TM_CONFIGURE_FLAGS='--with-ovs-source=$(abs_ovs_srcdir) --with-ovs-build=$(abs_ovs_builddir)' \
	  dpkg-buildpackage -b -uc -us) > '$(DEB_DIR).log' 2>&1 || \
	  { tail -40 '$(DEB_DIR).log'; exit 1; } && \
	ls '$(DEB_DIR)'/*.deb
.PHONY: deb
CLEAN_LOCAL_DEPS += clean-deb
clean-deb:
	rm -rf '$(DEB_DIR)' '$(DEB_DIR).log'
.PHONY: clean-deb

# The Open vSwitch trees, as absolute paths, for debian/rules.
abs_ovs_srcdir = $(shell cd '$(OVS_SRCDIR)' && pwd)
abs_ovs_builddir = $(shell cd '$(OVS_BUILDDIR)' && pwd)
print-ovs-srcdir:
	@echo '$(abs_ovs_srcdir)'
print-ovs-builddir:
	@echo '$(abs_ovs_builddir)'
.PHONY: print-ovs-srcdir print-ovs-builddir
