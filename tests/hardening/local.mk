# tests/hardening: least privilege and memory checking of the daemon
# (docs/security.md). TAP shell scripts, run as root.
TESTS += tests/hardening/privileges.sh tests/hardening/valgrind_vty.sh tests/hardening/valgrind_gdoi.sh
EXTRA_DIST += tests/hardening/privileges.sh tests/hardening/valgrind_vty.sh \
	tests/hardening/valgrind.supp tests/hardening/valgrind_gdoi.sh
EXTRA_DIST += docs/security.md docs/fuzzing.md
