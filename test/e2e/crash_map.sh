#!/bin/sh
# crash_map.sh - kill -9 hdx-map alone, at seeded random points of its
# runs in the demo night, rerun the night, and compare the PostgreSQL
# front-end database, the rejects files, the ledger and hdx-reconcile
# with a clean night's (stage_crash in test/lib.sh). CRASH_POINTS
# (default 3) points; make torture sets 20.
. "$(dirname "$0")/../lib.sh"
stage_crash map
