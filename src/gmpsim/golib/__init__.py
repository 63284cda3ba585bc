"""Go standard-library behaviour the generated code calls: how fmt prints values, Duration's text.

Written by hand because the output must match Go's byte for byte, which no Python library does.
"""
