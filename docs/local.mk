dist_man_MANS += docs/getvpnd.8 docs/getvpnsh.1 docs/getvpnd.conf.5
EXTRA_DIST += docs/dataplane.md docs/interop-ios.md docs/README.md

# getvpnd.conf(5) lists every command the daemon offers (walked with `?`).
TESTS += tests/docs/commands_documented.sh
EXTRA_DIST += tests/docs/commands_documented.sh tests/docs/commands_documented.py
