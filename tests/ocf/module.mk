# make ocf-test: the OCF agent (tools/ocf/) under ocf-tester and its own
# checks on Wine nodes (tests/ocf/run.sh), in a network namespace.
SUITE_ocf = $(NETNS) bash tests/ocf/run.sh

.PHONY: ocf-test
ocf-test: all
	@sh tests/suite.sh ocf $(SUITE_ocf)
