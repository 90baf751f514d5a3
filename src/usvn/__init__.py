"""usvn: data, analysis and build tooling for the US–Vietnam relations research book."""
__version__ = "0.1.0"
