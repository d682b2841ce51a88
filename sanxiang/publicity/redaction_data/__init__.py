"""Data files of the redaction engine (surnames.json); a package so that package-data ships them."""
