#!/usr/bin/env bash
# usage: check_spacing.sh PROTOKOLL EXAMPLE.xml OUTDIR LIMITS
# Renders EXAMPLE and judges its justified text with spacing_check.py.
. "$(dirname "$0")/lib.sh"
protokoll=$1 example=$2 out=$3 limits=$4
need mutool; need python3
mkdir -p "$out"
pdf="$out/$(basename "$example" .xml).pdf"
"$protokoll" render "$example" -o "$pdf"
python3 "$(dirname "$0")/spacing_check.py" "$pdf" --limits "$limits"
