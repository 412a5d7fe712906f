# tools/automake.mk: helper scripts (installer, demo lab, OVS tree setup).
EXTRA_DIST += \
	tools/automake.mk \
	tools/install-deps.sh \
	tools/prepare-ovs-tree.sh \
	tools/quickstart.sh \
	tools/demo-lab.sh \
	tools/lab.sh
