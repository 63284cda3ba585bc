#!/usr/bin/env bash
# The README's demo: both articles' experiments, reproduced.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/demo-gmpsim.sh
scripts/demo-stagebuild.sh
