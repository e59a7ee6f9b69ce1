#!/bin/sh
# Runs a command with an X display: the keyboard-shortcut browser test needs one for a real
# key press. Uses the current display, or a virtual one (xvfb-run) when that is installed;
# otherwise runs as is, and that one test says it was skipped.
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
  exec xvfb-run -a "$@"
fi
exec "$@"
