"""The SQLite schema as an ordered list of migrations; ``PRAGMA user_version`` = how many have run.

Append new migrations; never edit a released one (data homes in the field have run it).
"""

from __future__ import annotations

# Gives every invoice without a party its party (creating parties and their search text as needed). Used by
# migration 2 and by bulk loaders that insert invoices directly; ``fold_search_text`` is ``index.search_text``,
# registered on the connection by ``db`` while it migrates.
ASSIGN_PARTIES = (
    """INSERT INTO parties(rfc, issuer_rfc, issuer_name, receiver_rfc, receiver_name)
        SELECT DISTINCT rfc, coalesce(issuer_rfc, ''), coalesce(issuer_name, ''), coalesce(receiver_rfc, ''),
               coalesce(receiver_name, '')
        FROM invoices WHERE party_id IS NULL
        ON CONFLICT DO NOTHING""",
    """INSERT INTO parties_fts(rowid, text)
        SELECT id, fold_search_text(issuer_rfc, issuer_name, receiver_rfc, receiver_name) FROM parties
        WHERE id > coalesce((SELECT max(rowid) FROM parties_fts), 0)""",
    """UPDATE invoices SET party_id = (
            SELECT p.id FROM parties p
            WHERE p.rfc = invoices.rfc AND p.issuer_rfc = coalesce(invoices.issuer_rfc, '')
              AND p.issuer_name = coalesce(invoices.issuer_name, '')
              AND p.receiver_rfc = coalesce(invoices.receiver_rfc, '')
              AND p.receiver_name = coalesce(invoices.receiver_name, ''))
        WHERE party_id IS NULL""",
)

_PARTIES_TABLES = """
    CREATE TABLE parties (
        id            INTEGER PRIMARY KEY,
        rfc           TEXT NOT NULL,
        issuer_rfc    TEXT NOT NULL DEFAULT '',
        issuer_name   TEXT NOT NULL DEFAULT '',
        receiver_rfc  TEXT NOT NULL DEFAULT '',
        receiver_name TEXT NOT NULL DEFAULT '',
        UNIQUE (rfc, issuer_rfc, issuer_name, receiver_rfc, receiver_name)
    );
    -- upper-cased, accent-free "issuer RFC, name, receiver RFC, name" (index.search_text)
    CREATE VIRTUAL TABLE parties_fts USING fts5(text, tokenize = 'trigram', detail = 'none');
    ALTER TABLE invoices ADD COLUMN party_id INTEGER;
"""
# invoice_months is added to by its writers, once per group and batch (index.IndexWriter), not by a trigger per
# inserted row (~10 % of an ingest). Updates and deletes still go through the triggers. A bulk loader that
# inserts invoices with plain SQL recounts the profile's months with these (parameters: rfc, rfc). Damaged
# documents (``invoices.damaged`` not NULL, from migration 3) are never counted there.
ADD_MONTHS = """INSERT INTO invoice_months(rfc, month, direction, type, status, n, subtotal_c, discount_c, total_c,
        iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c, payroll_isr_c)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (rfc, month, direction, type, status) DO UPDATE SET
        n = n + excluded.n, subtotal_c = subtotal_c + excluded.subtotal_c,
        discount_c = discount_c + excluded.discount_c, total_c = total_c + excluded.total_c,
        iva_t_c = iva_t_c + excluded.iva_t_c,
        ieps_t_c = ieps_t_c + excluded.ieps_t_c, iva_w_c = iva_w_c + excluded.iva_w_c,
        isr_w_c = isr_w_c + excluded.isr_w_c, local_c = local_c + excluded.local_c,
        payroll_isr_c = payroll_isr_c + excluded.payroll_isr_c"""
RECOUNT_MONTHS = (
    "DELETE FROM invoice_months WHERE rfc = ?",
    """INSERT INTO invoice_months(rfc, month, direction, type, status, n, subtotal_c, discount_c, total_c, iva_t_c,
            ieps_t_c, iva_w_c, isr_w_c, local_c, payroll_isr_c)
        SELECT rfc, substr(coalesce(issue_date, ''), 1, 7), direction, coalesce(type, ''), status, count(*),
               sum(subtotal_c), sum(discount_c), sum(total_c), sum(iva_t_c), sum(ieps_t_c), sum(iva_w_c),
               sum(isr_w_c), sum(local_c), sum(payroll_isr_c)
        FROM invoices WHERE rfc = ? AND damaged IS NULL GROUP BY 1, 2, 3, 4, 5""",
)

_PARTIES_INDEX = """
    DROP TRIGGER invoices_months_insert;
    -- dropped and made again: deleting a million rows of a trigram index one by one costs more than the rebuild
    DROP TABLE invoices_fts;
    CREATE VIRTUAL TABLE invoices_fts USING fts5(text, tokenize = 'trigram', detail = 'none');
    INSERT INTO invoices_fts(rowid, text) SELECT id, uuid FROM invoices;
    CREATE INDEX invoices_by_party ON invoices(rfc, party_id, issue_date, id, direction, type, status, total_c,
        subtotal_c, discount_c, iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c);
"""

# The monthly totals' triggers (delete/update; inserts are counted by the writers) from migration 3 on: with the
# payroll ISR column, and blind to damaged documents, which are never counted in invoice_months.
_MONTHS_TRIGGERS_3 = """
    CREATE TRIGGER invoices_months_delete AFTER DELETE ON invoices WHEN OLD.damaged IS NULL BEGIN
        UPDATE invoice_months SET
            n = n - 1, subtotal_c = subtotal_c - OLD.subtotal_c, discount_c = discount_c - OLD.discount_c,
            total_c = total_c - OLD.total_c, iva_t_c = iva_t_c - OLD.iva_t_c, ieps_t_c = ieps_t_c - OLD.ieps_t_c,
            iva_w_c = iva_w_c - OLD.iva_w_c, isr_w_c = isr_w_c - OLD.isr_w_c, local_c = local_c - OLD.local_c,
            payroll_isr_c = payroll_isr_c - OLD.payroll_isr_c
        WHERE rfc = OLD.rfc AND month = substr(coalesce(OLD.issue_date, ''), 1, 7) AND direction = OLD.direction
          AND type = coalesce(OLD.type, '') AND status = OLD.status;
    END;
    CREATE TRIGGER invoices_months_update AFTER UPDATE OF rfc, issue_date, direction, type, status, subtotal_c,
        discount_c, total_c, iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c, payroll_isr_c, damaged ON invoices BEGIN
        UPDATE invoice_months SET
            n = n - 1, subtotal_c = subtotal_c - OLD.subtotal_c, discount_c = discount_c - OLD.discount_c,
            total_c = total_c - OLD.total_c, iva_t_c = iva_t_c - OLD.iva_t_c, ieps_t_c = ieps_t_c - OLD.ieps_t_c,
            iva_w_c = iva_w_c - OLD.iva_w_c, isr_w_c = isr_w_c - OLD.isr_w_c, local_c = local_c - OLD.local_c,
            payroll_isr_c = payroll_isr_c - OLD.payroll_isr_c
        WHERE OLD.damaged IS NULL AND rfc = OLD.rfc AND month = substr(coalesce(OLD.issue_date, ''), 1, 7)
          AND direction = OLD.direction AND type = coalesce(OLD.type, '') AND status = OLD.status;
        INSERT INTO invoice_months(rfc, month, direction, type, status, n, subtotal_c, discount_c, total_c,
                                   iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c, payroll_isr_c)
        SELECT NEW.rfc, substr(coalesce(NEW.issue_date, ''), 1, 7), NEW.direction, coalesce(NEW.type, ''),
               NEW.status, 1, NEW.subtotal_c, NEW.discount_c, NEW.total_c, NEW.iva_t_c, NEW.ieps_t_c,
               NEW.iva_w_c, NEW.isr_w_c, NEW.local_c, NEW.payroll_isr_c
        WHERE NEW.damaged IS NULL
        ON CONFLICT (rfc, month, direction, type, status) DO UPDATE SET
            n = n + 1, subtotal_c = subtotal_c + excluded.subtotal_c, discount_c = discount_c + excluded.discount_c,
            total_c = total_c + excluded.total_c, iva_t_c = iva_t_c + excluded.iva_t_c,
            ieps_t_c = ieps_t_c + excluded.ieps_t_c, iva_w_c = iva_w_c + excluded.iva_w_c,
            isr_w_c = isr_w_c + excluded.isr_w_c, local_c = local_c + excluded.local_c,
            payroll_isr_c = payroll_isr_c + excluded.payroll_isr_c;
    END;
"""

# Migration 3, second part.
# - ``damaged``: the reason a document is damaged (not well-formed XML: ``cfdi.parser``), NULL for the rest;
#   ``warnings``: the parser's notes on a document it read (JSON list). Damaged rows are kept out of
#   invoice_months (triggers above) and out of every reader's rows: each query says ``damaged IS NULL`` (or IS
#   NOT NULL), which the covering indexes now carry right after the RFC, so it is part of the index range and
#   not a test on every row (an OFFSET walk or an amount range would decode each index record for it).
# - ``payroll_isr_withheld`` / ``payroll_isr_c``: the ISR withheld from salaries, until now added to
#   ``isr_withheld`` (DESIGN.md §3). Rows from before hold in ``isr_withheld`` the cfdi:Impuestos ISR when it
#   was not zero, else the sum of the Nómina ISR deductions (kept in ``details.payroll[].isr_withheld``). The
#   new rule puts all ISR of a payroll receipt (a row with payroll details) in payroll_isr: the Nómina sum, or
#   the cfdi:Impuestos ISR when that sum is zero, and leaves isr_withheld at 0. So the old figure moves over as
#   it is (exact, already in MXN cents) — except where both were non-zero and differ (a CFDI 3.2 payroll whose
#   cfdi:Impuestos disagrees with its Nómina), where the Nómina sum from the details is taken (payroll is paid
#   in MXN; REAL arithmetic, rounded to cents). The update trigger moves the sums in invoice_months with it.
#   Other rows from before keep payroll_isr_withheld NULL (``index.record`` shows "0" for those with XML):
#   rewriting a million rows for it would double the migration's time.
_DAMAGED_AND_PAYROLL_ISR = "".join(
    (
        """
    ALTER TABLE invoices ADD COLUMN damaged TEXT;
    ALTER TABLE invoices ADD COLUMN warnings TEXT;
    ALTER TABLE invoices ADD COLUMN payroll_isr_withheld TEXT;
    ALTER TABLE invoices ADD COLUMN payroll_isr_c INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE invoice_months ADD COLUMN payroll_isr_c INTEGER NOT NULL DEFAULT 0;
    DROP TRIGGER invoices_months_delete;
    DROP TRIGGER invoices_months_update;
    """,
        _MONTHS_TRIGGERS_3,
        """
    CREATE TEMP TABLE payroll_isr_3 AS
        SELECT i.id AS id, total(CAST(CASE WHEN p.type = 'object' THEN json_extract(p.value, '$.isr_withheld') END
                                      AS REAL)) AS nomina
        FROM invoices i,
             json_each(CASE WHEN json_valid(i.details) AND json_type(i.details, '$.payroll') = 'array'
                            THEN i.details ELSE '{"payroll": []}' END, '$.payroll') AS p
        GROUP BY i.id;
    UPDATE invoices SET
        payroll_isr_withheld = CASE
            WHEN t.nomina > 0 AND abs(t.nomina - CAST(coalesce(invoices.isr_withheld, '0') AS REAL)) >= 0.005
            THEN printf('%.2f', t.nomina) ELSE coalesce(invoices.isr_withheld, '0') END,
        payroll_isr_c = CASE
            WHEN t.nomina > 0 AND abs(t.nomina - CAST(coalesce(invoices.isr_withheld, '0') AS REAL)) >= 0.005
            THEN CAST(round(t.nomina * 100) AS INTEGER) ELSE invoices.isr_w_c END,
        isr_withheld = '0',
        isr_w_c = 0
        FROM payroll_isr_3 AS t WHERE t.id = invoices.id;
    DROP TABLE payroll_isr_3;
    DROP INDEX invoices_by_date;
    DROP INDEX invoices_by_total;
    DROP INDEX invoices_by_party;
    CREATE INDEX invoices_by_date ON invoices(rfc, damaged, issue_date, id, direction, type, status, total_c,
        subtotal_c, discount_c, iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c, payroll_isr_c);
    CREATE INDEX invoices_by_total ON invoices(rfc, damaged, total_c, id, issue_date, direction, type, status,
        subtotal_c, discount_c, iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c, payroll_isr_c);
    CREATE INDEX invoices_by_party ON invoices(rfc, damaged, party_id, issue_date, id, direction, type, status,
        total_c, subtotal_c, discount_c, iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c, payroll_isr_c);
    """,
    )
)

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
    -- Both indexes cover every filter column and every sum of the browser's totals, so a period or an amount
    -- range is summed from the index alone (no row reads). The id right after the key keeps them in the
    -- browser's (key, id) keyset order, so a page is one index range read even among equal keys.
    CREATE INDEX invoices_by_date ON invoices(rfc, issue_date, id, direction, type, status, total_c, subtotal_c,
        discount_c, iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c);
    CREATE INDEX invoices_by_total ON invoices(rfc, total_c, id, issue_date, direction, type, status, subtotal_c,
        discount_c, iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c);
    -- Count and sums per month, direction, type and status, kept by triggers: totals over whole months (the
    -- browser's "everything", a year, a type) read a few hundred rows instead of a million (index.totals).
    CREATE TABLE invoice_months (
        rfc        TEXT NOT NULL,
        month      TEXT NOT NULL,  -- substr(issue_date, 1, 7); '' when the date is unknown
        direction  TEXT NOT NULL,
        type       TEXT NOT NULL,  -- '' when unknown
        status     TEXT NOT NULL,
        n          INTEGER NOT NULL DEFAULT 0,
        subtotal_c INTEGER NOT NULL DEFAULT 0,
        discount_c INTEGER NOT NULL DEFAULT 0,
        total_c    INTEGER NOT NULL DEFAULT 0,
        iva_t_c    INTEGER NOT NULL DEFAULT 0,
        ieps_t_c   INTEGER NOT NULL DEFAULT 0,
        iva_w_c    INTEGER NOT NULL DEFAULT 0,
        isr_w_c    INTEGER NOT NULL DEFAULT 0,
        local_c    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (rfc, month, direction, type, status)
    ) WITHOUT ROWID;
    CREATE TRIGGER invoices_months_insert AFTER INSERT ON invoices BEGIN
        INSERT INTO invoice_months(rfc, month, direction, type, status, n, subtotal_c, discount_c, total_c,
                                   iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c)
        VALUES (NEW.rfc, substr(coalesce(NEW.issue_date, ''), 1, 7), NEW.direction, coalesce(NEW.type, ''),
                NEW.status, 1, NEW.subtotal_c, NEW.discount_c, NEW.total_c, NEW.iva_t_c, NEW.ieps_t_c,
                NEW.iva_w_c, NEW.isr_w_c, NEW.local_c)
        ON CONFLICT (rfc, month, direction, type, status) DO UPDATE SET
            n = n + 1, subtotal_c = subtotal_c + excluded.subtotal_c, discount_c = discount_c + excluded.discount_c,
            total_c = total_c + excluded.total_c, iva_t_c = iva_t_c + excluded.iva_t_c,
            ieps_t_c = ieps_t_c + excluded.ieps_t_c, iva_w_c = iva_w_c + excluded.iva_w_c,
            isr_w_c = isr_w_c + excluded.isr_w_c, local_c = local_c + excluded.local_c;
    END;
    CREATE TRIGGER invoices_months_delete AFTER DELETE ON invoices BEGIN
        UPDATE invoice_months SET
            n = n - 1, subtotal_c = subtotal_c - OLD.subtotal_c, discount_c = discount_c - OLD.discount_c,
            total_c = total_c - OLD.total_c, iva_t_c = iva_t_c - OLD.iva_t_c, ieps_t_c = ieps_t_c - OLD.ieps_t_c,
            iva_w_c = iva_w_c - OLD.iva_w_c, isr_w_c = isr_w_c - OLD.isr_w_c, local_c = local_c - OLD.local_c
        WHERE rfc = OLD.rfc AND month = substr(coalesce(OLD.issue_date, ''), 1, 7) AND direction = OLD.direction
          AND type = coalesce(OLD.type, '') AND status = OLD.status;
    END;
    CREATE TRIGGER invoices_months_update AFTER UPDATE OF rfc, issue_date, direction, type, status, subtotal_c,
        discount_c, total_c, iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c ON invoices BEGIN
        UPDATE invoice_months SET
            n = n - 1, subtotal_c = subtotal_c - OLD.subtotal_c, discount_c = discount_c - OLD.discount_c,
            total_c = total_c - OLD.total_c, iva_t_c = iva_t_c - OLD.iva_t_c, ieps_t_c = ieps_t_c - OLD.ieps_t_c,
            iva_w_c = iva_w_c - OLD.iva_w_c, isr_w_c = isr_w_c - OLD.isr_w_c, local_c = local_c - OLD.local_c
        WHERE rfc = OLD.rfc AND month = substr(coalesce(OLD.issue_date, ''), 1, 7) AND direction = OLD.direction
          AND type = coalesce(OLD.type, '') AND status = OLD.status;
        INSERT INTO invoice_months(rfc, month, direction, type, status, n, subtotal_c, discount_c, total_c,
                                   iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c)
        VALUES (NEW.rfc, substr(coalesce(NEW.issue_date, ''), 1, 7), NEW.direction, coalesce(NEW.type, ''),
                NEW.status, 1, NEW.subtotal_c, NEW.discount_c, NEW.total_c, NEW.iva_t_c, NEW.ieps_t_c,
                NEW.iva_w_c, NEW.isr_w_c, NEW.local_c)
        ON CONFLICT (rfc, month, direction, type, status) DO UPDATE SET
            n = n + 1, subtotal_c = subtotal_c + excluded.subtotal_c, discount_c = discount_c + excluded.discount_c,
            total_c = total_c + excluded.total_c, iva_t_c = iva_t_c + excluded.iva_t_c,
            ieps_t_c = ieps_t_c + excluded.ieps_t_c, iva_w_c = iva_w_c + excluded.iva_w_c,
            isr_w_c = isr_w_c + excluded.isr_w_c, local_c = local_c + excluded.local_c;
    END;
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
    # 2 — parties: the text search over RFCs and names reads the few thousand distinct (issuer, receiver)
    # pairs of a profile instead of every invoice, and sums the matches from a covering index (~60× faster on
    # a broad name at a million invoices); the invoice-level trigram index keeps only the UUID. The monthly
    # totals of new rows are added by their writer per batch (ADD_MONTHS), no longer by a trigger per row.
    _PARTIES_TABLES + "".join(f"{statement};\n" for statement in ASSIGN_PARTIES) + _PARTIES_INDEX,
    # 3 — a home that can be moved and a vault that can be checked: paths relative to the data home (the
    # vault's layout, as ``vault.invoice_relpath`` builds it; packages as ``vault.package_path``), each XML's
    # size and SHA-256 as written (rows from before: NULL, "unknown"), and flags for what is wrong with a
    # document that is still indexed (``amount_out_of_range:<field>``, JSON list). Then damaged documents and
    # payroll ISR (_DAMAGED_AND_PAYROLL_ISR).
    """
    ALTER TABLE invoices ADD COLUMN flags TEXT;
    ALTER TABLE invoices ADD COLUMN xml_size INTEGER;
    ALTER TABLE invoices ADD COLUMN xml_sha256 TEXT;
    UPDATE invoices SET path = rfc || '/'
        || CASE direction WHEN 'issued' THEN 'emitidos' WHEN 'received' THEN 'recibidos' ELSE 'otros' END || '/'
        || CASE WHEN length(coalesce(issue_date, '')) >= 7
                THEN substr(issue_date, 1, 4) || '/' || substr(issue_date, 6, 2) ELSE '0000/00' END
        || '/' || upper(uuid) || '.xml'
        WHERE path IS NOT NULL;
    UPDATE packages SET path = rfc || '/paquetes/' || id || '.zip' WHERE path IS NOT NULL;
    """,
]
# Migration 3 was extended before any release reached a user: one migration, in one transaction.
MIGRATIONS[2] += _DAMAGED_AND_PAYROLL_ISR
# 4 — a request's status note as a code and its parameters (issue 15): ``status_code`` (a key of
# ``desktop_app.core.status.ENGLISH``) and ``status_params`` (JSON), from which the window writes its own words;
# ``status_message`` keeps the English sentence. Rows from before have only the message (code NULL).
MIGRATIONS.append(
    """
    ALTER TABLE requests ADD COLUMN status_code TEXT;
    ALTER TABLE requests ADD COLUMN status_params TEXT;
    """
)

SCHEMA_VERSION = len(MIGRATIONS)
