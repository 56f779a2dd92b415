#!/usr/bin/env bash
# Fetch the GraphiQL page's scripts (and the explorer's graph library) from the npm registry into dutygraph/graphql/static/vendor/, so that the
# page served by `dutygraph serve` needs no CDN (the machines it runs on are often offline).
# The versions are the ones strawberry's own GraphiQL page uses; bump them together.
set -euo pipefail
cd "$(dirname "$0")/.."
out=dutygraph/graphql/static/vendor
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fetch() {  # package@version, then pairs of (file in the package, name in $out)
    local spec=$1; shift
    (cd "$work" && npm pack --silent "$spec" >/dev/null)
    local tgz
    tgz=$(ls -t "$work"/*.tgz | head -1)
    mkdir -p "$work/x" && tar xzf "$tgz" -C "$work/x" && rm "$tgz"
    while [ $# -gt 0 ]; do cp "$work/x/package/$1" "$out/$2"; shift 2; done
    rm -rf "$work/x"
}
fetch react@18.2.0 umd/react.production.min.js react.production.min.js
fetch react-dom@18.2.0 umd/react-dom.production.min.js react-dom.production.min.js
fetch js-cookie@3.0.5 dist/js.cookie.min.js js.cookie.min.js
fetch graphiql@3.8.3 graphiql.min.js graphiql.min.js graphiql.min.css graphiql.min.css
fetch @graphiql/plugin-explorer@1.0.2 dist/index.umd.js graphiql-plugin-explorer.umd.js dist/style.css graphiql-plugin-explorer.css
# the explorer page's graph drawing
fetch cytoscape@3.34.4 dist/cytoscape.min.js cytoscape.min.js
# the source maps are not shipped: drop the comments that point at them
sed -i '/sourceMappingURL/d' "$out/graphiql.min.js" "$out/graphiql.min.css"
echo "vendored into $out"
