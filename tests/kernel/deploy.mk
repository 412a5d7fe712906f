# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# tests/kernel/deploy.mk: "make check-deploy-vm", the test of README.md's
# "Deploying on hypervisors" (tests/kernel/deploy-test.sh): in a kernel
# lab VM (tools/vm-kernel-lab.sh) it installs Debian 12's Open vSwitch,
# then our packages ("make deb"), checks the conversion of conf.db, runs
# a session, and rolls back.  Its TAP results land in
# tests/kernel/deploy.tap.  "make check" runs it; like the kernel suite,
# developers may leave it out locally with TM_KERNEL_VM=no (never in CI).

EXTRA_DIST += tests/kernel/deploy.mk tests/kernel/deploy-test.sh
TM_CHECK_LOGS += tests/kernel/deploy.tap
CLEANFILES += tests/kernel/deploy.tap tests/kernel/deploy-debs.stamp
DEPLOY_VMFLAGS = --smp=2 --mem=2048 --timeout=1800

# Debian 12's Open vSwitch and what openvswitch-switch needs beyond
# tools/install-deps.sh's packages, downloaded (not installed) for the VM.
DEPLOY_STOCK_PACKAGES = openvswitch-common openvswitch-switch \
	python3-openvswitch python3-netifaces python3-sortedcontainers \
	uuid-runtime
tests/kernel/deploy-debs.stamp:
	$(AM_V_GEN)rm -rf tests/kernel/deploy-debs && \
	$(MKDIR_P) tests/kernel/deploy-debs && \
	(cd tests/kernel/deploy-debs && \
	 apt-get download -q $(DEPLOY_STOCK_PACKAGES)) && touch $@
CLEAN_LOCAL_DEPS += clean-deploy-debs
clean-deploy-debs:
	rm -rf tests/kernel/deploy-debs
.PHONY: clean-deploy-debs

check-deploy-vm: deb tests/kernel/deploy-debs.stamp
	@if test "$(TM_KERNEL_VM)" = no; then \
	  echo "check-deploy-vm: left out (TM_KERNEL_VM=no)"; \
	  rm -f tests/kernel/deploy.tap; \
	  if test "$$CI" = true; then \
	    echo "check-deploy-vm: TM_KERNEL_VM=no is not allowed in CI"; \
	    exit 1; \
	  fi; \
	  exit 0; \
	fi; \
	rm -f tests/kernel/deploy.tap; \
	$(srcdir)/tools/vm-kernel-lab.sh --init=systemd $(DEPLOY_VMFLAGS) \
	  --share='$(abs_builddir)/tests/kernel' -- \
	  $(SHELL) '$(abs_srcdir)/tests/kernel/deploy-test.sh' \
	    '$(abs_builddir)/tests/kernel/deploy-debs' '$(DEB_DIR)' \
	    '$(abs_builddir)/tests/kernel/deploy.tap'
.PHONY: check-deploy-vm
