"""The SQLite schema as an ordered list of migrations; ``PRAGMA user_version`` = how many have run.

Append new migrations; never edit a released one (data homes in the field have run it).
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1 — profiles, schedule, ledger of SAT requests and packages, invoice index, sync runs.
    """
    CREATE TABLE profiles (
        rfc                 TEXT PRIMARY KEY,
        name                TEXT NOT NULL DEFAULT '',
        created_at          INTEGER NOT NULL,
        activated           INTEGER NOT NULL DEFAULT 0,
        activated_at        INTEGER,
        deactivated_at      INTEGER,
        fiel_serial         TEXT,
        fiel_legal_name     TEXT,
        fiel_valid_from     INTEGER,
        fiel_expires_at     INTEGER,
        fiel_uploaded_at    INTEGER,
        registered          INTEGER NOT NULL DEFAULT 0,
        registered_at       INTEGER,
        registration_error  TEXT,
        sync_start_date     TEXT,
        phone               TEXT,
        sync_enabled        INTEGER NOT NULL DEFAULT 0,
        sync_enabled_at     INTEGER
    );

    CREATE TABLE schedules (
        rfc             TEXT PRIMARY KEY REFERENCES profiles(rfc) ON DELETE CASCADE,
        enabled         INTEGER NOT NULL DEFAULT 0,
        time            TEXT NOT NULL DEFAULT '06:00',
        download_types  TEXT NOT NULL DEFAULT '["issued","received"]',
        days_back       INTEGER NOT NULL DEFAULT 3,
        enabled_at      INTEGER,
        last_run_at     INTEGER,
        last_run_status TEXT,
        last_run_error  TEXT,
        last_run_day    TEXT
    );

    CREATE TABLE requests (
        id                  TEXT PRIMARY KEY,
        rfc                 TEXT NOT NULL REFERENCES profiles(rfc) ON DELETE CASCADE,
        service             TEXT NOT NULL DEFAULT 'cfdi',
        rfc_type            TEXT NOT NULL,
        request_type        TEXT NOT NULL,
        start_at            TEXT,
        end_at              TEXT,
        invoice_type        TEXT,
        invoice_status      TEXT,
        third_party_rfc     TEXT,
        counterparts        TEXT,
        complement          TEXT,
        folio               TEXT,
        params_key          TEXT NOT NULL,
        source              TEXT NOT NULL,
        status              TEXT NOT NULL,
        status_message      TEXT,
        submit_state        TEXT NOT NULL DEFAULT 'unsent',
        sat_request_id      TEXT,
        sat_code            INTEGER,
        sat_message         TEXT,
        sat_state           INTEGER,
        sat_state_code      INTEGER,
        invoice_count       INTEGER,
        processed_count     INTEGER NOT NULL DEFAULT 0,
        earliest_issue_date TEXT,
        latest_issue_date   TEXT,
        parent_id           TEXT REFERENCES requests(id),
        created_at          INTEGER NOT NULL,
        submitted_at        INTEGER,
        completed_at        INTEGER,
        last_checked_at     INTEGER,
        next_check_at       INTEGER,
        check_count         INTEGER NOT NULL DEFAULT 0,
        submit_attempts     INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX requests_by_profile ON requests(rfc, created_at DESC);
    CREATE INDEX requests_by_params ON requests(rfc, params_key);
    CREATE UNIQUE INDEX requests_by_sat_id ON requests(sat_request_id) WHERE sat_request_id IS NOT NULL;

    CREATE TABLE request_events (
        id          INTEGER PRIMARY KEY,
        request_id  TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        at          INTEGER NOT NULL,
        operation   TEXT NOT NULL,
        sat_code    INTEGER,
        sat_state   INTEGER,
        sat_state_code INTEGER,
        message     TEXT
    );
    CREATE INDEX request_events_by_request ON request_events(request_id, id);

    CREATE TABLE packages (
        id              TEXT PRIMARY KEY,
        request_id      TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        rfc             TEXT NOT NULL,
        state           TEXT NOT NULL DEFAULT 'available',
        download_count  INTEGER NOT NULL DEFAULT 0,
        path            TEXT,
        size            INTEGER,
        documents       INTEGER,
        error           TEXT,
        created_at      INTEGER NOT NULL,
        downloaded_at   INTEGER,
        ingested_at     INTEGER
    );
    CREATE INDEX packages_by_request ON packages(request_id);

    CREATE TABLE invoices (
        id               INTEGER PRIMARY KEY,
        rfc              TEXT NOT NULL,
        uuid             TEXT NOT NULL,
        direction        TEXT NOT NULL,
        family           TEXT NOT NULL DEFAULT 'cfdi',
        version          TEXT,
        type             TEXT,
        series           TEXT,
        folio            TEXT,
        issue_date       TEXT,
        stamp_date       TEXT,
        issuer_rfc       TEXT,
        issuer_name      TEXT,
        receiver_rfc     TEXT,
        receiver_name    TEXT,
        currency         TEXT,
        exchange_rate    TEXT,
        subtotal         TEXT,
        discount         TEXT,
        total            TEXT,
        payment_method   TEXT,
        payment_form     TEXT,
        cfdi_use         TEXT,
        iva_transferred  TEXT,
        ieps_transferred TEXT,
        iva_withheld     TEXT,
        isr_withheld     TEXT,
        local_taxes      TEXT,
        status           TEXT NOT NULL DEFAULT 'unknown',
        cancelled_at     TEXT,
        related_uuids    TEXT,
        -- amounts converted to MXN cents (exact integers) for filters and totals
        subtotal_c       INTEGER NOT NULL DEFAULT 0,
        discount_c       INTEGER NOT NULL DEFAULT 0,
        total_c          INTEGER NOT NULL DEFAULT 0,
        iva_t_c          INTEGER NOT NULL DEFAULT 0,
        ieps_t_c         INTEGER NOT NULL DEFAULT 0,
        iva_w_c          INTEGER NOT NULL DEFAULT 0,
        isr_w_c          INTEGER NOT NULL DEFAULT 0,
        local_c          INTEGER NOT NULL DEFAULT 0,
        details          TEXT,
        path             TEXT,
        has_xml          INTEGER NOT NULL DEFAULT 0,
        source           TEXT,
        updated_at       INTEGER NOT NULL,
        UNIQUE (rfc, uuid)
    );
    CREATE INDEX invoices_by_date ON invoices(rfc, issue_date);
    CREATE INDEX invoices_by_dir_date ON invoices(rfc, direction, issue_date);
    CREATE INDEX invoices_by_total ON invoices(rfc, total_c);
    -- substring search over UUID, RFCs and names: trigram index of an upper-cased, accent-free text
    CREATE VIRTUAL TABLE invoices_fts USING fts5(text, tokenize = 'trigram', detail = 'none');

    CREATE TABLE payments (
        rfc              TEXT NOT NULL,
        payment_uuid     TEXT NOT NULL,
        line             INTEGER NOT NULL,
        paid_uuid        TEXT NOT NULL,
        installment      INTEGER,
        previous_balance TEXT,
        amount_paid      TEXT,
        balance          TEXT,
        currency         TEXT,
        payment_date     TEXT,
        PRIMARY KEY (rfc, payment_uuid, line)
    ) WITHOUT ROWID;
    CREATE INDEX payments_by_paid ON payments(rfc, paid_uuid);

    CREATE TABLE sync_runs (
        id           INTEGER PRIMARY KEY,
        rfc          TEXT NOT NULL,
        trigger      TEXT NOT NULL,
        started_at   INTEGER NOT NULL,
        finished_at  INTEGER,
        status       TEXT NOT NULL DEFAULT 'running',
        error        TEXT,
        submitted    INTEGER NOT NULL DEFAULT 0,
        verified     INTEGER NOT NULL DEFAULT 0,
        downloaded   INTEGER NOT NULL DEFAULT 0,
        ingested     INTEGER NOT NULL DEFAULT 0
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
