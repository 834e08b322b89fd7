# The two commands: `make demo` runs the demo against the bundled FC3 emulator, `make test` runs
# every test. Both create their own virtualenvs under .venv/ and install what they need.
# The fast loop (DEVELOPMENT.md "Fast loop"): make unit, make sanity, make integration. ARGS go to
# pytest (make unit ARGS='-k retry'; make exports command-line variables to the scripts), LANE=oldest
# switches the lane of unit and integration, LANES=newest limits sanity to one lane.
.PHONY: demo test test-oldest test-newest unit sanity integration docs changelog bench clean test-live probe

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh

unit:
	bash scripts/dev.sh unit

sanity:
	bash scripts/dev.sh sanity

integration:
	bash scripts/dev.sh integration

test-oldest:
	LANES=oldest bash scripts/test.sh

test-newest:
	LANES=newest bash scripts/test.sh

# The collection's HTML docs (module and role pages, guides) in build/docs/html.
docs:
	bash scripts/docs.sh

# Fold changelogs/fragments into the section of galaxy.yml's version and regenerate CHANGELOG.md.
changelog:
	bash scripts/changelog.sh

clean:
	rm -rf .venv build tests/output

# Speed of a no-op apply over 50 functions against a floor, a fleet of 1,000, and a fleet at a rate limit and a latency.
bench:
	bash scripts/bench.sh

# Against the account and endpoint of the environment (FC_LIVE_TESTS=yes, ALIBABA_CLOUD_REGION_ID, the access
# key variables, optional ALIBABA_CLOUD_FC_ENDPOINT): the scenarios, and the probe that writes
# build/service-facts.json. docs/docsite/rst/guide_live_tests.rst says what they create and cost.
test-live:
	bash scripts/test_live.sh live $(ARGS)

probe:
	bash scripts/test_live.sh probe $(ARGS)
