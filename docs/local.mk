dist_man_MANS += docs/getvpnd.8 docs/getvpnsh.1
EXTRA_DIST += docs/dataplane.md
