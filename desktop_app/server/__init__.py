"""The office server (issue 19): the seed's REST API over this app's engine, for many RFCs and many desks.

``descarga-masiva server`` (``pip install descarga-masiva-sat[server]``) serves gigstack's Descarga Masiva
endpoints (``/v2/invoices/download/...``, the seed's paths, methods and JSON shapes) plus the reads the window
needs, on Starlette behind uvicorn. Every endpoint calls :class:`desktop_app.core.service.DescargaService`;
the rules live in core (keys: :mod:`desktop_app.core.apikeys`, audit: :mod:`desktop_app.core.audit`, sealed
FIEL passwords: :mod:`desktop_app.core.sealed_secrets`, the sync loop: :mod:`desktop_app.core.scheduler`).

* :mod:`.errors` — an error code → its HTTP status;
* :mod:`.ratelimit` — failed authentication attempts per client address;
* :mod:`.routes` — the endpoint table and the handlers;
* :mod:`.openapi` — ``/openapi.json``, from the same table;
* :mod:`.pdf` — the printed CFDI as a PDF, made by a child process (Qt stays out of the server);
* :mod:`.app` — the Starlette application: authentication, authorization, audit, the envelope;
* :mod:`.run` — building everything for a data home and serving it with uvicorn.

Not part of the desktop installer: the frozen bundle excludes this package and its dependencies.
"""
