# tests/console/automake.mk: the web console's tests (headless Chromium
# through playwright-core, against a real lab), the metrics endpoint's
# tests and the unit tests of the console's SigV4 signing, all run by
# node's test runner.  "make check" runs them (check-console); their TAP
# output is tests/console/console.tap.  Needs root, /usr/bin/chromium and
# the npm packages of tests/console (tools/install-deps.sh installs both).
# Screenshots of each step: tests/console/artifacts/*.png.

TM_CHECK_LOGS += tests/console/console.tap

EXTRA_DIST += \
	tests/console/automake.mk \
	tests/console/package.json \
	tests/console/package-lock.json \
	tests/console/run-lab.sh \
	tests/console/lib.mjs \
	tests/console/botocore-sign.py \
	tests/console/console.test.mjs \
	tests/console/copy-budget.test.mjs \
	tests/console/counters.test.mjs \
	tests/console/metrics.test.mjs \
	tests/console/sigv4.test.mjs

# CONSOLE_TESTS selects test files, e.g.
#   make check-console CONSOLE_TESTS=sigv4.test.mjs
check-console: all
	@$(MKDIR_P) tests/console
	$(SHELL) $(srcdir)/tests/console/run-lab.sh $(srcdir) $(abs_builddir) \
	    $(OVS_SRCDIR) $(OVS_BUILDDIR) tests/console/console.tap
.PHONY: check-console

CLEAN_LOCAL_DEPS += clean-console-tests
clean-console-tests:
	rm -rf tests/console/console.tap tests/console/lab \
	    tests/console/artifacts
.PHONY: clean-console-tests
