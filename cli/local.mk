# cli: the IOS-style command engine (spec parsing, matching, sessions,
# built-in commands, startup-config load/save) and the vty protocol.
noinst_LIBRARIES += cli/libcli.a
cli_libcli_a_SOURCES = \
	cli/command.h cli/graph.h cli/match.h cli/session.h cli/session_internal.h \
	cli/builtins.h cli/vty_protocol.h cli/pipe.h cli/completion_text.h \
	cli/spec_parse.c cli/graph.c cli/tokenize.c cli/args.c cli/match.c \
	cli/session.c cli/output.c cli/execute.c cli/describe.c cli/running_config.c \
	cli/config_save.c cli/config_file.c cli/pipe.c \
	cli/builtin_exec.c cli/builtin_config.c cli/builtin_file.c \
	cli/vty_frame.c cli/completion_text.c

check_PROGRAMS += tests/unit/cli/test_spec tests/unit/cli/test_match tests/unit/cli/test_config_file \
	tests/unit/cli/test_random_lines
tests_unit_cli_test_random_lines_SOURCES = tests/unit/cli/test_random_lines.c tests/unit/cli/harness.h tests/tap.h
tests_unit_cli_test_random_lines_LDADD = cli/libcli.a log/liblog.a
tests_unit_cli_test_config_file_SOURCES = tests/unit/cli/test_config_file.c tests/unit/cli/harness.h tests/tap.h
tests_unit_cli_test_config_file_LDADD = cli/libcli.a log/liblog.a
tests_unit_cli_test_spec_SOURCES = tests/unit/cli/test_spec.c tests/tap.h
tests_unit_cli_test_spec_LDADD = cli/libcli.a log/liblog.a
tests_unit_cli_test_match_SOURCES = tests/unit/cli/test_match.c tests/unit/cli/harness.h tests/tap.h
tests_unit_cli_test_match_LDADD = cli/libcli.a log/liblog.a
TESTS += tests/unit/cli/test_spec tests/unit/cli/test_match tests/unit/cli/test_config_file \
	tests/unit/cli/test_random_lines

# Scripts against a real getvpnd and getvpnsh (see tests/cli/lib.sh).
TESTS += tests/cli/daemon.sh tests/cli/transcripts.sh tests/cli/tmux.sh
EXTRA_DIST += tests/cli/daemon.sh tests/cli/transcripts.sh tests/cli/tmux.sh \
	tests/cli/lib.sh tests/cli/vty_raw.py \
	tests/transcripts/basics.t tests/transcripts/errors.t tests/transcripts/help.t \
	tests/transcripts/startup.t tests/transcripts/startup.conf \
	tests/transcripts/pipes.t tests/transcripts/pipes.conf
