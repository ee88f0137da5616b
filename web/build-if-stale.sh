#!/bin/sh
# npm start's prestart and npm run build: build the web app only when a source is newer than the last build,
# so a restart serves in two seconds instead of five.
set -eu
stamp=web/dist/index.html
if [ -f "$stamp" ] && [ -z "$(find web/src web/index.html web/vite.config.ts package-lock.json -newer "$stamp" 2>/dev/null | head -1)" ]; then
  exit 0
fi
exec npx vite build --config web/vite.config.ts --logLevel warn
