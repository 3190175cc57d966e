# make pacemaker-test: real 2- and 3-node Pacemaker/Corosync clusters on this
# machine (namespaces per node, tests/pacemaker/cluster.sh) running the OCF
# agent ocf:imsguard:IMSGuard (build/ocf/IMSGuard) on Wine nodes; the
# scenarios of tests/pacemaker/scenarios.sh, then the project's coordinator
# on the same stories (--compare), then the deliberately wrong mapping
# (rc 1 for a refusal) that the seed's story must catch. Needs root; makes
# its own namespaces (not run under tests/netns.sh). Outputs:
# build/pacemaker/ (junit.xml, times.txt, per scenario cluster.log).
# make demo-pacemaker: the seed's story narrated, crm_mon before and after.
SUITE_pacemaker = bash tests/pacemaker/run.sh --compare --wrong-mapping

.PHONY: pacemaker-test demo-pacemaker
pacemaker-test: all
	@sh tests/suite.sh pacemaker $(SUITE_pacemaker)
demo-pacemaker: deps
	@$(MAKE) --no-print-directory all
	@bash tests/pacemaker/demo.sh
