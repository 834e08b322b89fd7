#!/usr/bin/env bash
# `make bench`: the benchmarks on the newest lane, against the collection built from this tree:
#   bench/noop_apply.py   the single module in a loop over 50 functions against a per-item floor;
#   bench/fleet_apply.py  fcv3_async_invoke_configs over 1,000 functions (no-op, check, change) against
#                         an in-process floor and the looped single module;
#   bench/select_apply.py the role selecting 300 of 2,000 functions against the batch module given the names.
#   bench/fleet_limits.py fcv3_async_invoke_configs at the service's limits: 1,000 creates at 20 requests/s,
#                         1,000 no-ops at 50 ms latency.
#   bench/in_process.py   the modules shipped and run in the worker: per item of a 50-item loop, per task of 20 tasks.
#   bench/fleet_pages.py  the fleet read by the page against per-item reads: 1,000 no-ops (also at 50 ms latency
#                         and at 10 requests/s) and 5 items in a region of 3,000 configs.
#   bench/tls_context.py  a new SDK session in a forked worker, with the shared TLS context and with one per session.
source "$(dirname "$0")/lib.sh"

LANE=newest
ensure_venv "$LANE"
stage
build_and_install "$LANE"
"$VENV_ROOT/$LANE/bin/python" "$REPO_ROOT/bench/noop_apply.py"
"$VENV_ROOT/$LANE/bin/python" "$REPO_ROOT/bench/fleet_apply.py"
"$VENV_ROOT/$LANE/bin/python" "$REPO_ROOT/bench/select_apply.py"
"$VENV_ROOT/$LANE/bin/python" "$REPO_ROOT/bench/fleet_limits.py"
"$VENV_ROOT/$LANE/bin/python" "$REPO_ROOT/bench/in_process.py"
"$VENV_ROOT/$LANE/bin/python" "$REPO_ROOT/bench/fleet_pages.py"
"$VENV_ROOT/$LANE/bin/python" "$REPO_ROOT/bench/tls_context.py"
