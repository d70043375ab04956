# GDOI system tests: real getvpnd/getvpnsh processes in network namespaces
# (root). Included from daemon/local.mk.
GDOI_SYSTEM_TESTS = tests/gdoi/register.sh tests/gdoi/lab4.sh tests/gdoi/negative.sh \
	tests/gdoi/fifty.sh tests/gdoi/rekey.sh
TESTS += $(GDOI_SYSTEM_TESTS)
EXTRA_DIST += $(GDOI_SYSTEM_TESTS) tests/gdoi/lib.sh tests/gdoi/compare_policy.py \
	tests/gdoi/dataplane.sh tests/gdoi/dataplane_lan.sh tests/stages/gdoi.sh
