# Rekey system tests: real getvpnd processes in network namespaces (root),
# GROUPKEY-PUSH end to end. Included from daemon/local.mk.
REKEY_SYSTEM_TESTS = tests/rekey/follow.sh
TESTS += $(REKEY_SYSTEM_TESTS)
EXTRA_DIST += $(REKEY_SYSTEM_TESTS) tests/rekey/lib.sh
