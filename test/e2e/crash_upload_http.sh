#!/bin/sh
# crash_upload_http.sh - kill -9 hdx-upload alone while it sends the demo
# night over the HTTP API to the platform's receiver, at seeded random
# points, rerun the night, and compare the receiver's store, the rejects
# files, the ledger and hdx-reconcile (the platform's /api/v1/stats) with
# a clean night's: a batch the receiver stored before the kill is a
# duplicate on the rerun, never a second copy (stage_crash in
# test/lib.sh). CRASH_POINTS (default 3) points; make torture sets 20.
. "$(dirname "$0")/../lib.sh"
stage_crash upload http
