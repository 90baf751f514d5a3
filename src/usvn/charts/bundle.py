"""Where the self-hosted Vega scripts go, and the version of what is written there
(light: read by the build without importing Altair)."""

VEGA_BUNDLE = "vega/bundle.js"  # under the book's _static/, written by the build
BUNDLE_FORMAT = "2"  # bump when javascript_bundle() changes what it writes
