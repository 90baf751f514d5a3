"""usvn: data, analysis and build tooling for the US–Vietnam relations research book."""

import sys

__version__ = "0.1.0"

# Start-up time.  jsonschema (imported by Altair) optionally imports rfc3987_syntax, which
# JupyterLab's dependencies install and which compiles a grammar on import (about 0.7 s
# in every chapter kernel).  The book validates no IRI formats, so the optional import is
# declined here: jsonschema then simply skips that format checker.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
