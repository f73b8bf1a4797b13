"""SAT "Descarga Masiva" web-service client (service v1.5), Qt-free.

Modules, from the wire up: :mod:`endpoints` (URLs), :mod:`query` (what to ask for, validated before
sending), :mod:`envelopes` (the exact signed bytes), :mod:`transport` (HTTP with retries that never
resend a request-creating call), :mod:`responses` (typed parsing), :mod:`codes` (what SAT's numbers
mean), :mod:`package_stream` (streaming a package to disk) and :mod:`client` (all of it behind
one object).
"""
