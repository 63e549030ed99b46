# End-to-end tests: the real binary on captures, compared with expectations.
E2E_TESTS = \
	tests/e2e/cli_errors.sh \
	tests/e2e/corpus_tshark.sh \
	tests/e2e/captures_json.sh \
	tests/e2e/keylog_cli.sh \
	tests/e2e/lab_capture.sh \
	tests/e2e/mangled_captures.sh
TESTS += $(E2E_TESTS)
EXTRA_DIST += $(E2E_TESTS) tests/e2e/lib.sh tests/e2e/compare_tshark.py \
	tests/e2e/mangle.py tests/corpus tests/expected captures
