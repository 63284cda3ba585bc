"""Go standard-library behaviour the generated code calls, one module per Go package.

``fmt``, ``strings``, ``bytes``, ``strconv``, ``errors``, ``math``, ``sort``, ``unicode``,
``utf8``, ``flag``, ``atomic`` (sync/atomic) and ``time`` (Duration's text) work on Go values
as the code generator represents them: strings are ``bytes``, integers ``int``, floats
``float``, booleans ``bool``; slices and arrays are Python sequences, maps dicts, the nil of
any kind ``None``.  fmt takes ``(value, kind)`` pairs whose kind
is the Go type's name (``"int64"``, ``"[]string"``, ``"map[string]int"``, ``"error"``) and calls
an operand's ``Error()`` or ``String()`` method (returning ``bytes``) as Go's fmt does.

``registry`` lists the functions and constants gmpsim provides with their Go signatures, and
``lowering`` is how the code generator calls them; adding a library function is one line there.
Written by hand because the output must match Go's byte for byte, which no Python library does.
"""
