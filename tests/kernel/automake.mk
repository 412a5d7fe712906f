# tests/kernel/automake.mk: the kernel-datapath suite (tests/kernel/testsuite),
# run inside a VM (tools/vm-kernel-lab.sh) because the host has no
# openvswitch kernel module.
#
# "make check" runs it (check-kernel-vm).  A VM that does not boot fails
# the run.  Developers may leave it out locally with
#     make check TM_KERNEL_VM=no
# (CI never does: .ci/run fails on the missing log).  Select tests with
# KERNEL_TESTSUITEFLAGS, e.g.
#     make check-kernel-vm KERNEL_TESTSUITEFLAGS='-k filter'

KERNEL_TESTSUITE_AT = \
	tests/kernel/testsuite.at \
	tests/kernel/kernel-macros.at \
	tests/kernel/kernel-datapath.at \
	tests/kernel/kernel-upgrade.at \
	tests/kernel/kernel-budget.at
EXTRA_DIST += $(KERNEL_TESTSUITE_AT) tests/kernel/automake.mk \
	tests/kernel/lab-kernel.sh tests/kernel/run-in-vm.sh \
	tests/kernel/README.md tools/vm-kernel-lab.sh tools/vm-guest-init.sh
KERNEL_TESTSUITE = $(builddir)/tests/kernel/testsuite
CLEANFILES += $(KERNEL_TESTSUITE) tests/kernel/atconfig tests/kernel/atlocal
TM_CHECK_LOGS += tests/kernel/testsuite.log

TM_KERNEL_VM = yes
KERNEL_TESTSUITEFLAGS = -j2
# Guest size: TCG emulates each guest CPU on one host thread.
KERNEL_VMFLAGS = --smp=2 --mem=2048 --timeout=2400

$(KERNEL_TESTSUITE): tests/package.m4 $(KERNEL_TESTSUITE_AT) $(TESTSUITE_AT) \
		tests/kernel/automake.mk
	$(AM_V_GEN)$(MKDIR_P) tests/kernel && \
	$(AUTOTEST) -I tests -I '$(srcdir)' -I '$(srcdir)/tests' \
	  -o $@.tmp $(srcdir)/tests/kernel/testsuite.at && mv $@.tmp $@

# The suite's atconfig and atlocal: those of tests/, pointed here.
tests/kernel/atconfig: tests/atconfig
	$(AM_V_GEN)$(MKDIR_P) tests/kernel && \
	sed -e "s|^at_testdir=.*|at_testdir='tests/kernel'|" \
	    -e "s|^abs_builddir=.*|abs_builddir='$(abs_builddir)/tests/kernel'|" \
	    -e "s|^abs_srcdir=.*|abs_srcdir='$(abs_srcdir)/tests/kernel'|" \
	    -e "s|^at_top_srcdir=.*|at_top_srcdir='../..'|" \
	    -e "s|^at_top_build_prefix=.*|at_top_build_prefix='../../'|" \
	    tests/atconfig > $@.tmp && mv $@.tmp $@
tests/kernel/atlocal: tests/atlocal $(srcdir)/tests/kernel/automake.mk
	$(AM_V_GEN)$(MKDIR_P) tests/kernel && { cat tests/atlocal && \
	  echo "STOCK_OVS='$(abs_builddir)/tests/kernel/stock-ovs'" && \
	  echo 'export STOCK_OVS' && \
	  echo '# Emulation: ovs-vsctl may wait long for ovs-vswitchd.' && \
	  echo 'OVS_CTL_TIMEOUT=120; export OVS_CTL_TIMEOUT'; } > $@.tmp && \
	mv $@.tmp $@

# Debian 12's own Open vSwitch (the version apt offers), unpacked (never
# installed) for the upgrade and rollback test (kernel-upgrade.at).
STOCK_OVS_PACKAGES = openvswitch-common openvswitch-switch
tests/kernel/stock-ovs.stamp:
	$(AM_V_GEN)rm -rf tests/kernel/stock-ovs tests/kernel/stock-debs && \
	$(MKDIR_P) tests/kernel/stock-debs && \
	(cd tests/kernel/stock-debs && apt-get download -q $(STOCK_OVS_PACKAGES)) && \
	for d in tests/kernel/stock-debs/*.deb; do \
	  dpkg-deb -x $$d tests/kernel/stock-ovs || exit 1; \
	done && touch $@
CLEANFILES += tests/kernel/stock-ovs.stamp
CLEAN_LOCAL_DEPS += clean-kernel-stock-ovs
clean-kernel-stock-ovs:
	rm -rf tests/kernel/stock-ovs tests/kernel/stock-debs
.PHONY: clean-kernel-stock-ovs

check_DATA += $(KERNEL_TESTSUITE)

# check-kernel-vm: boots the VM and runs the suite in it; the log lands in
# tests/kernel/testsuite.log on the host (the directory is shared into
# the guest).
check-kernel-vm: all $(KERNEL_TESTSUITE) tests/kernel/atconfig \
		tests/kernel/atlocal tests/kernel/stock-ovs.stamp
	@if test "$(TM_KERNEL_VM)" = no; then \
	  echo "check-kernel-vm: left out (TM_KERNEL_VM=no)"; \
	  rm -f tests/kernel/testsuite.log; \
	  if test "$$CI" = true; then \
	    echo "check-kernel-vm: TM_KERNEL_VM=no is not allowed in CI"; \
	    exit 1; \
	  fi; \
	  exit 0; \
	fi; \
	rm -f tests/kernel/testsuite.log; \
	$(srcdir)/tools/vm-kernel-lab.sh $(KERNEL_VMFLAGS) \
	  --share='$(abs_builddir)/tests/kernel' -- \
	  $(SHELL) '$(abs_srcdir)/tests/kernel/run-in-vm.sh' \
	    '$(abs_builddir)/tests/kernel' testsuite /var/tmp/tm-kernel \
	    AUTOTEST_PATH='$(AUTOTEST_PATH)' $(KERNEL_TESTSUITEFLAGS)
.PHONY: check-kernel-vm

CLEAN_LOCAL_DEPS += clean-kernel-testsuite
clean-kernel-testsuite:
	test ! -f '$(KERNEL_TESTSUITE)' || \
	  $(SHELL) '$(KERNEL_TESTSUITE)' -C tests/kernel --clean
.PHONY: clean-kernel-testsuite

# check-kernel-ovs-vm: the patched OVS tree's own kernel-datapath tests
# ("make check-kernel" of OVS 3.1.0) for the areas the series touches,
# in the same VM: keywords "tunnel" (21 tests) and "truncate" (3).  They
# run in the OVS build's tests/ directory as the guest sees it (on the
# guest's overlay: nothing is written to the host's OVS build).  Not part
# of "make check".  Serial (-j1), as OVS's own check-kernel: its tests
# share the root namespace of the guest (br-underlay, at_ns0, ...).
OVS_KMOD_TESTSUITEFLAGS = -k tunnel -k truncate
OVS_KMOD_TESTSUITE = tests/kernel/ovs-kmod-testsuite
CLEANFILES += $(OVS_KMOD_TESTSUITE)
$(OVS_KMOD_TESTSUITE): $(OVS_SRCDIR)/tests/system-kmod-testsuite.at
	$(AM_V_GEN)$(MKDIR_P) tests/kernel && \
	$(AUTOTEST) -I '$(OVS_SRCDIR)' -o $@.tmp \
	  '$(OVS_SRCDIR)/tests/system-kmod-testsuite.at' && mv $@.tmp $@
# Under emulation the daemons and utilities warn of "Unreasonably long
# poll intervals" (module timeval, followed by a coverage dump), which
# these tests take for failures: wrappers first in their PATH silence
# those two modules, and nothing else.
OVS_KMOD_WRAPPED = vswitchd/ovs-vswitchd ovsdb/ovsdb-server \
	utilities/ovs-vsctl utilities/ovs-appctl utilities/ovs-ofctl \
	utilities/ovs-dpctl
tests/kernel/ovs-kmod-bin.stamp: $(srcdir)/tests/kernel/automake.mk
	$(AM_V_GEN)rm -rf tests/kernel/ovs-kmod-bin && \
	$(MKDIR_P) tests/kernel/ovs-kmod-bin && \
	for p in $(OVS_KMOD_WRAPPED); do \
	  w=tests/kernel/ovs-kmod-bin/`basename $$p`; \
	  printf '#!/bin/sh\nexec %s -vtimeval:off -vcoverage:off "$$@"\n' \
	    '$(OVS_BUILDDIR)/'$$p > $$w && chmod +x $$w || exit 1; \
	done && touch $@
CLEANFILES += tests/kernel/ovs-kmod-bin.stamp
OVS_KMOD_AUTOTEST_PATH = $(abs_builddir)/tests/kernel/ovs-kmod-bin:$(OVS_BUILDDIR)/utilities:$(OVS_BUILDDIR)/vswitchd:$(OVS_BUILDDIR)/ovsdb:$(OVS_BUILDDIR)/vtep:$(OVS_BUILDDIR)/tests:$(OVS_BUILDDIR)/ipsec
check-kernel-ovs-vm: $(OVS_KMOD_TESTSUITE) tests/kernel/ovs-kmod-bin.stamp
	rm -f $(OVS_KMOD_TESTSUITE).log
	$(srcdir)/tools/vm-kernel-lab.sh $(KERNEL_VMFLAGS) \
	  --share='$(abs_builddir)/tests/kernel' -- \
	  $(SHELL) '$(abs_srcdir)/tests/kernel/run-in-vm.sh' \
	    '$(abs_builddir)/tests/kernel' ovs-kmod-testsuite \
	    '$(OVS_BUILDDIR)/tests' \
	    AUTOTEST_PATH='$(OVS_KMOD_AUTOTEST_PATH)' $(OVS_KMOD_TESTSUITEFLAGS)
.PHONY: check-kernel-ovs-vm
