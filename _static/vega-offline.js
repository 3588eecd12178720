// The book vendors vega, vega-lite and vega-embed (see _static/vendor/manifest.json) and loads
// them on every page. Altair's output only fetches a library from a CDN when VEGA_DEBUG does
// not already record the version it needs, so we record them here. tests/test_vendor.py checks
// these strings against the versions altair asks for.
var VEGA_DEBUG = (typeof VEGA_DEBUG == "undefined") ? {} : VEGA_DEBUG;
VEGA_DEBUG.vega_version = "6";
VEGA_DEBUG.vegalite_version = "6.4.1";
VEGA_DEBUG.vegaembed_version = "7";
