#!/bin/sh
# The tel:, callto: and sip: links open with Callcard: the desktop's MIME cache learns of its
# .desktop file (its MimeType line names the three schemes).
set -e
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q /usr/share/applications || true
fi
