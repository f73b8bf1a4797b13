"""The SQLite schema as an ordered list of migrations; ``PRAGMA user_version`` = how many have run.

Append new migrations; never edit a released one (data homes in the field have run it).
"""

from __future__ import annotations

# Gives every invoice without a party its party (creating parties and their search text as needed), as migration 2
# did; ``fold_search_text`` is ``index.search_text``, registered on the connection by ``db`` while it migrates.
_ASSIGN_PARTIES_2 = (
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
# The same for bulk loaders that insert invoices directly into an up-to-date database: migration 2's statements,
# then the parties' search text in ``parties.search`` (migration 11).
ASSIGN_PARTIES = (
    *_ASSIGN_PARTIES_2,
    """UPDATE parties SET search = fold_search_text(issuer_rfc, issuer_name, receiver_rfc, receiver_name)
        WHERE search = ''""",
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
# The key and sums of ``invoice_months`` from migration 5 on (frozen: a later change is a new migration).
MONTH_KEYS = ("month", "direction", "type", "status", "currency", "payment_method", "payment_form", "cfdi_use")
MONTH_SUMS = (
    "subtotal_c", "discount_c", "total_c", "iva_t_c", "ieps_t_c", "iva_w_c", "isr_w_c", "local_c", "payroll_isr_c"
)  # fmt: skip
# Each key as the writers, the triggers and the recount compute it from an invoices row (``{row}.`` prefix).
_MONTH_KEY_SQL = {
    "month": "substr(coalesce({row}issue_date, ''), 1, 7)",
    "direction": "{row}direction",
    "type": "coalesce({row}type, '')",
    "status": "{row}status",
    "currency": "coalesce({row}currency, '')",
    "payment_method": "coalesce({row}payment_method, '')",
    "payment_form": "coalesce({row}payment_form, '')",
    "cfdi_use": "coalesce({row}cfdi_use, '')",
}


def _month_keys(row: str) -> str:
    return ", ".join(_MONTH_KEY_SQL[key].format(row=row) for key in MONTH_KEYS)


_KEY_LIST = ", ".join(MONTH_KEYS)
_SUM_LIST = ", ".join(MONTH_SUMS)
_ADD_SUMS = ", ".join(f"{c} = {c} + excluded.{c}" for c in MONTH_SUMS)

# invoice_months is added to by its writers, once per group and batch (index.IndexWriter), not by a trigger per
# inserted row (~10 % of an ingest). Updates and deletes still go through the triggers. A bulk loader that
# inserts invoices with plain SQL recounts the profile's months with RECOUNT_MONTHS (parameters: rfc, rfc).
# Damaged documents (``invoices.damaged`` not NULL, from migration 3) are never counted there.
ADD_MONTHS = (
    f"INSERT INTO invoice_months(rfc, {_KEY_LIST}, n, {_SUM_LIST}) "  # noqa: S608 - our own column names
    f"VALUES ({', '.join('?' for _ in range(2 + len(MONTH_KEYS) + len(MONTH_SUMS)))}) "
    f"ON CONFLICT (rfc, {_KEY_LIST}) DO UPDATE SET n = n + excluded.n, {_ADD_SUMS}"
)
RECOUNT_MONTHS = (
    "DELETE FROM invoice_months WHERE rfc = ?",
    f"INSERT INTO invoice_months(rfc, {_KEY_LIST}, n, {_SUM_LIST}) "  # noqa: S608
    f"SELECT rfc, {_month_keys('')}, count(*), {', '.join(f'sum({c})' for c in MONTH_SUMS)} "
    f"FROM invoices WHERE rfc = ? AND damaged IS NULL GROUP BY {', '.join(str(k) for k in range(1, 10))}",
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
    _PARTIES_TABLES + "".join(f"{statement};\n" for statement in _ASSIGN_PARTIES_2) + _PARTIES_INDEX,
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


def __getattr__(name: str) -> int:
    """``SCHEMA_VERSION``: how many migrations there are (``PRAGMA user_version`` of an up-to-date database),
    counted when asked, so a migration appended anywhere below counts."""
    if name == "SCHEMA_VERSION":
        return len(MIGRATIONS)
    raise AttributeError(name)


# 5 — the monthly totals by currency, método de pago, forma de pago and uso de CFDI too (issue 17): the browser's
# filters and ``--group-by`` on those sum whole months from this table (a few thousand rows for a profile's
# years) instead of reading every invoice. The table is rebuilt with its new key (SQLite cannot change a primary
# key) and recounted from the invoices; the triggers are made again over the new key.
_SUB_OLD = ", ".join(f"{c} = {c} - OLD.{c}" for c in MONTH_SUMS)
_OLD_MATCH = " AND ".join(f"{key} = {_MONTH_KEY_SQL[key].format(row='OLD.')}" for key in MONTH_KEYS)
MIGRATIONS.append(
    f"""
    CREATE TABLE invoice_months_5 (
        rfc            TEXT NOT NULL,
        month          TEXT NOT NULL,  -- substr(issue_date, 1, 7); '' when the date is unknown
        direction      TEXT NOT NULL,
        type           TEXT NOT NULL,  -- '' when unknown, as the four below
        status         TEXT NOT NULL,
        currency       TEXT NOT NULL,
        payment_method TEXT NOT NULL,
        payment_form   TEXT NOT NULL,
        cfdi_use       TEXT NOT NULL,
        n              INTEGER NOT NULL DEFAULT 0,
        {", ".join(f"{c} INTEGER NOT NULL DEFAULT 0" for c in MONTH_SUMS)},
        PRIMARY KEY (rfc, {_KEY_LIST})
    ) WITHOUT ROWID;
    INSERT INTO invoice_months_5(rfc, {_KEY_LIST}, n, {_SUM_LIST})
        SELECT rfc, {_month_keys("")}, count(*), {", ".join(f"sum({c})" for c in MONTH_SUMS)}
        FROM invoices WHERE damaged IS NULL GROUP BY {", ".join(str(k) for k in range(1, 10))};
    DROP TRIGGER invoices_months_delete;
    DROP TRIGGER invoices_months_update;
    DROP TABLE invoice_months;
    ALTER TABLE invoice_months_5 RENAME TO invoice_months;
    CREATE TRIGGER invoices_months_delete AFTER DELETE ON invoices WHEN OLD.damaged IS NULL BEGIN
        UPDATE invoice_months SET n = n - 1, {_SUB_OLD}
        WHERE rfc = OLD.rfc AND {_OLD_MATCH};
    END;
    CREATE TRIGGER invoices_months_update AFTER UPDATE OF rfc, issue_date, direction, type, status, currency,
        payment_method, payment_form, cfdi_use, {_SUM_LIST}, damaged ON invoices BEGIN
        UPDATE invoice_months SET n = n - 1, {_SUB_OLD}
        WHERE OLD.damaged IS NULL AND rfc = OLD.rfc AND {_OLD_MATCH};
        INSERT INTO invoice_months(rfc, {_KEY_LIST}, n, {_SUM_LIST})
        SELECT NEW.rfc, {_month_keys("NEW.")}, 1, {", ".join(f"NEW.{c}" for c in MONTH_SUMS)}
        WHERE NEW.damaged IS NULL
        ON CONFLICT (rfc, {_KEY_LIST}) DO UPDATE SET n = n + 1, {_ADD_SUMS};
    END;
    """  # noqa: S608 - our own column names
)

# The office server (issue 19): API keys, the RFCs each may see, the audit log and the sealed FIEL passwords.
# ``api_keys.token_sha256`` is the SHA-256 of the whole token (256 random bits: a fast hash is enough, nothing
# to brute-force); the token itself is shown once and never stored. ``audit_log`` keeps who (the key's public
# id), what (method, path without the query, RFC, HTTP status, error code) and when; never a header, a body
# or a query string. ``sealed_secrets`` holds each FIEL password encrypted (AES-256-GCM) with the server's
# vault key, which lives outside the database (core/sealed_secrets.py). SQL: core/store/server_keys.py.
MIGRATIONS.append(
    """
    CREATE TABLE api_keys (
        id            TEXT PRIMARY KEY,
        token_sha256  TEXT NOT NULL UNIQUE,
        name          TEXT NOT NULL DEFAULT '',
        read_only     INTEGER NOT NULL DEFAULT 0,
        created_at    INTEGER NOT NULL,
        revoked_at    INTEGER
    );
    CREATE TABLE api_key_rfcs (
        key_id  TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
        rfc     TEXT NOT NULL,
        PRIMARY KEY (key_id, rfc)
    ) WITHOUT ROWID;
    CREATE TABLE audit_log (
        id      INTEGER PRIMARY KEY,
        at      INTEGER NOT NULL,
        key_id  TEXT,
        client  TEXT NOT NULL,
        method  TEXT NOT NULL,
        path    TEXT NOT NULL,
        rfc     TEXT,
        status  INTEGER NOT NULL,
        error   TEXT
    );
    CREATE INDEX audit_log_by_key ON audit_log(key_id, at);
    CREATE TABLE sealed_secrets (
        name        TEXT PRIMARY KEY,
        sealed      BLOB NOT NULL,
        updated_at  INTEGER NOT NULL
    );
    """
)

# Status at SAT for many invoices at once, and the daily watch over received ones (issue 17.3). A verification
# run is NOT a Descarga Masiva request: it asks ConsultaCFDIService (public, no FIEL, no quota) and never
# touches ``requests`` (SAT's request quotas, the ledger). ``verification_runs``: what was asked (``scope``,
# JSON), by whom (``trigger``: manual | scheduled), at what rate, how it stands (pending | running | paused |
# cancelled | interrupted | completed) and its counters, kept in the same transaction as each answer.
# ``verification_items``: the UUIDs, snapshotted when the run is made; each keeps SAT's answer as it comes, so a
# run killed midway resumes with what is still ``pending`` and never asks again what SAT answered.
# ``invoices.verified_at``: when ConsultaCFDI last answered about the invoice (the daily re-check skips those
# asked recently); ``schedules.recheck_months``: how many months back the daily run re-checks received vigente
# invoices (0: off). SQL: core/store/verifications.py.
MIGRATIONS.append(
    """
    CREATE TABLE verification_runs (
        id            INTEGER PRIMARY KEY,
        rfc           TEXT NOT NULL REFERENCES profiles(rfc) ON DELETE CASCADE,
        trigger       TEXT NOT NULL,
        scope         TEXT NOT NULL,
        rate          REAL NOT NULL,
        status        TEXT NOT NULL DEFAULT 'pending',
        total         INTEGER NOT NULL DEFAULT 0,
        answered      INTEGER NOT NULL DEFAULT 0,
        changed       INTEGER NOT NULL DEFAULT 0,
        not_found     INTEGER NOT NULL DEFAULT 0,
        failed        INTEGER NOT NULL DEFAULT 0,
        created_at    INTEGER NOT NULL,
        started_at    INTEGER,
        finished_at   INTEGER,
        error_code    TEXT,
        error_message TEXT
    );
    CREATE INDEX verification_runs_by_profile ON verification_runs(rfc, id);
    CREATE TABLE verification_items (
        run_id          INTEGER NOT NULL REFERENCES verification_runs(id) ON DELETE CASCADE,
        seq             INTEGER NOT NULL,
        uuid            TEXT NOT NULL,
        state           TEXT NOT NULL DEFAULT 'pending',
        previous_status TEXT,
        status          TEXT,
        changed         INTEGER NOT NULL DEFAULT 0,
        answer          TEXT,
        error_code      TEXT,
        error_message   TEXT,
        attempts        INTEGER NOT NULL DEFAULT 0,
        checked_at      INTEGER,
        PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX verification_items_by_state ON verification_items(run_id, state, seq);
    CREATE INDEX verification_items_changed ON verification_items(run_id, seq) WHERE changed = 1;
    ALTER TABLE invoices ADD COLUMN verified_at INTEGER;
    ALTER TABLE schedules ADD COLUMN recheck_months INTEGER NOT NULL DEFAULT 3;
    """
)

# Issue 17.2 — the browser's grid: "PPD con saldo pendiente" and a sort by every column it offers.
#
# ``invoices.pending_c``: what a PPD invoice still owes, in MXN cents like the other ``_c`` columns (its currency
# times its TipoCambio, rounded to cents), NULL for any other invoice (PUE, no MetodoPago, metadata only, damaged).
# The rule (``PENDING_SQL``): the ImpSaldoInsoluto of the latest payment line for it (highest NumParcialidad,
# then latest FechaPago, then latest receipt) in a payment receipt (``payments``, complementos de pago) that is
# indexed, not cancelled and not damaged; its total when no such line is known. A cancelled receipt pays nothing.
# Kept by the payments' triggers (lines added, replaced, deleted: a receipt indexed before or after the invoice),
# by the receipt trigger (a receipt cancelled or back to vigente) and by the index writer, which writes a new or
# re-indexed PPD invoice with its total and settles it from payment lines indexed before it
# (``InvoiceWrites.settle_pending``). A bulk loader recounts a profile with ``RECOUNT_PENDING`` (parameter: rfc).
# "INDEXED BY payments_by_paid": without statistics (a home never ANALYZEd) SQLite reads the payments by their
# primary key's RFC alone — every payment line of the profile for each invoice (53 s for 200,000 invoices).
PENDING_SQL = """CASE WHEN invoices.payment_method = 'PPD' AND invoices.damaged IS NULL THEN coalesce((
        SELECT CAST(round(CAST(p.balance AS REAL) * (CASE WHEN coalesce(invoices.currency, 'MXN') IN ('MXN', 'XXX')
            THEN 1.0 ELSE coalesce(nullif(CAST(invoices.exchange_rate AS REAL), 0.0), 1.0) END) * 100) AS INTEGER)
        FROM payments p INDEXED BY payments_by_paid JOIN invoices r ON r.rfc = p.rfc AND r.uuid = p.payment_uuid
        WHERE p.rfc = invoices.rfc AND p.paid_uuid = invoices.uuid AND p.balance IS NOT NULL
          AND r.status <> 'cancelado' AND r.damaged IS NULL
        ORDER BY p.installment DESC, p.payment_date DESC, r.issue_date DESC, p.payment_uuid DESC, p.line DESC
        LIMIT 1), invoices.total_c) END"""
RECOUNT_PENDING = f"UPDATE invoices SET pending_c = {PENDING_SQL} WHERE rfc = ? AND payment_method = 'PPD'"  # noqa: S608
# The browser's orders (``store.invoices.PAGE_SORTS``), each an index (rfc, damaged, key…, id) read as one range
# per keyset part. Keys that may be missing are coalesced to '' (sorted first), so no order has NULL keys but the
# date; series and folio sort by series, then the folio's length, then the folio: numeric folios in numeric order.
_SORT_INDEXES = {
    "issuer_rfc": "coalesce(issuer_rfc, '')",
    "issuer_name": "coalesce(issuer_name, '')",
    "receiver_rfc": "coalesce(receiver_rfc, '')",
    "receiver_name": "coalesce(receiver_name, '')",
    "type": "coalesce(type, '')",
    "status": "status",
    "folio": "coalesce(series, ''), length(coalesce(folio, '')), coalesce(folio, '')",
}
_SORT_INDEX_SQL = "\n".join(
    f"    CREATE INDEX invoices_by_{name} ON invoices(rfc, damaged, {key}, id);" for name, key in _SORT_INDEXES.items()
)
MIGRATIONS.append(
    f"""
    ALTER TABLE invoices ADD COLUMN pending_c INTEGER;
    UPDATE invoices SET pending_c = {PENDING_SQL} WHERE payment_method = 'PPD';
    -- "PPD con saldo pendiente" as one range of a small covering index (filters, sums and the date order)
    CREATE INDEX invoices_pending ON invoices(rfc, damaged, issue_date, id, direction, type, status, total_c,
        subtotal_c, discount_c, iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c, payroll_isr_c, pending_c)
        WHERE pending_c > 0;
    -- the damaged documents apart («Dañados», and the totals' count of those a filter leaves out): a few rows,
    -- whatever else the filter asks (with ANALYZE's statistics SQLite took "damaged IS NOT NULL" for half the
    -- rows and read all of them for a filter on a code: 280 ms at a million)
    CREATE INDEX invoices_damaged ON invoices(rfc, id) WHERE damaged IS NOT NULL;
    -- the text search's and the amount range's covering indexes carry the four codes too, so a filter on a code
    -- over a text or an amount is still read from the index alone (forma 03 + 'gonzalez': 238 ms without)
    DROP INDEX invoices_by_party;
    CREATE INDEX invoices_by_party ON invoices(rfc, damaged, party_id, issue_date, id, direction, type, status,
        total_c, subtotal_c, discount_c, iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c, payroll_isr_c,
        payment_method, payment_form, cfdi_use, currency);
    DROP INDEX invoices_by_total;
    CREATE INDEX invoices_by_total ON invoices(rfc, damaged, total_c, id, issue_date, direction, type, status,
        subtotal_c, discount_c, iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c, payroll_isr_c,
        payment_method, payment_form, cfdi_use, currency);
    -- the cancelled documents apart, which every total sums separately (``InvoiceRepository.split_sums``): a few
    -- per cent of the rows, so that second sum reads a small range (an amount range at a million: 14.5 → 0.9 ms)
    CREATE INDEX invoices_cancelled ON invoices(rfc, damaged, total_c, id, issue_date, direction, type, status,
        subtotal_c, discount_c, iva_t_c, ieps_t_c, iva_w_c, isr_w_c, local_c, payroll_isr_c,
        payment_method, payment_form, cfdi_use, currency, party_id) WHERE status = 'cancelado';
{_SORT_INDEX_SQL}
    CREATE TRIGGER payments_pending_insert AFTER INSERT ON payments BEGIN
        UPDATE invoices SET pending_c = {PENDING_SQL}
        WHERE rfc = NEW.rfc AND uuid = NEW.paid_uuid AND payment_method = 'PPD';
    END;
    CREATE TRIGGER payments_pending_delete AFTER DELETE ON payments BEGIN
        UPDATE invoices SET pending_c = {PENDING_SQL}
        WHERE rfc = OLD.rfc AND uuid = OLD.paid_uuid AND payment_method = 'PPD';
    END;
    CREATE TRIGGER invoices_pending_receipt AFTER UPDATE OF status, damaged ON invoices
        WHEN NEW.type = 'P' AND (OLD.status IS NOT NEW.status OR OLD.damaged IS NOT NEW.damaged) BEGIN
        UPDATE invoices SET pending_c = {PENDING_SQL}
        WHERE rfc = NEW.rfc AND payment_method = 'PPD'
          AND uuid IN (SELECT paid_uuid FROM payments WHERE rfc = NEW.rfc AND payment_uuid = NEW.uuid);
    END;
    """  # noqa: S608 - our own SQL
)

# Issue 18 — the reports' taxes (``core.reports``; SQL: ``store/taxes.py``; rows: ``index/taxes.py``).
# ``invoice_taxes``: each document's taxes by kind (T traslado / R retención), tax (c_Impuesto), factor and
# rate, as the XML writes them (its currency) and in MXN cents at its TipoCambio; ``payment_docs``: each
# DoctoRelacionado of a complemento de pago with what the cash basis needs (FechaPago, MonedaP, TipoCambioP,
# MonedaDR, EquivalenciaDR/TipoCambioDR, ImpPagado, ObjetoImpDR, whether Pagos 2.0 ImpuestosDR is there);
# ``payment_taxes``: its ImpuestosDR in the document's currency and in MXN cents (÷ EquivalenciaDR ×
# TipoCambioP); ``invoice_relations``: CfdiRelacionados (credit notes against the invoices they credit). All are
# written by the index writer beside the invoice, in its transaction; a deleted invoice takes its rows along.
# Documents indexed before this migration are listed in ``taxes_pending`` and read again from the vault the first
# time a report runs for their RFC (``index.taxes.backfill``, in committed batches: resumable); a document whose
# XML cannot be read stays there with the reason, and the reports name it. ``ppd_open``: per PPD invoice (its
# Total, date and currency, written with it) what every indexed payment line of its currency paid (floating point)
# and the latest FechaPago, kept by triggers on ``payment_docs``: the open-balance report reads only the invoices
# not paid yet or paid after the period (``ppd_open_unpaid``, ``ppd_open_by_last``), then computes each exactly.
# Two small partial indexes on ``invoices``: ``invoices_without_xml`` (documents known only from SAT's metadata) and
# ``invoices_receipts_out`` (complementos de pago that pay nothing: cancelled or damaged).
MIGRATIONS.append(
    """
    CREATE TABLE invoice_taxes (
        invoice_id INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        tax        TEXT NOT NULL,
        factor     TEXT NOT NULL,
        rate       TEXT NOT NULL,
        base       TEXT,
        amount     TEXT NOT NULL,
        base_c     INTEGER,
        amount_c   INTEGER,
        PRIMARY KEY (invoice_id, kind, tax, factor, rate)
    ) WITHOUT ROWID;
    CREATE TABLE payment_docs (
        invoice_id       INTEGER NOT NULL,
        line             INTEGER NOT NULL,
        rfc              TEXT NOT NULL,
        paid_uuid        TEXT NOT NULL,
        payment_date     TEXT,
        payment_currency TEXT,
        payment_rate     TEXT,
        currency         TEXT,
        equivalence      TEXT,
        amount_paid      TEXT,
        balance          TEXT,
        installment      INTEGER,
        tax_object       TEXT,
        dr_taxes         INTEGER NOT NULL DEFAULT 0,
        paid_c           INTEGER,
        PRIMARY KEY (invoice_id, line)
    ) WITHOUT ROWID;
    CREATE INDEX payment_docs_by_date ON payment_docs(rfc, payment_date);
    CREATE INDEX payment_docs_by_paid ON payment_docs(rfc, paid_uuid, payment_date, invoice_id, amount_paid);
    CREATE TABLE payment_taxes (
        invoice_id INTEGER NOT NULL,
        line       INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        tax        TEXT NOT NULL,
        factor     TEXT NOT NULL,
        rate       TEXT NOT NULL,
        base       TEXT,
        amount     TEXT NOT NULL,
        base_c     INTEGER,
        amount_c   INTEGER,
        PRIMARY KEY (invoice_id, line, kind, tax, factor, rate)
    ) WITHOUT ROWID;
    -- the key's columns first: SQLite 3.40's integrity_check reads a NOT NULL column declared before the last
    -- key column of a WITHOUT ROWID table as NULL (tests/core/store/test_db.py)
    CREATE TABLE invoice_relations (
        invoice_id   INTEGER NOT NULL,
        relation     TEXT NOT NULL,
        related_uuid TEXT NOT NULL,
        rfc          TEXT NOT NULL,
        PRIMARY KEY (invoice_id, relation, related_uuid)
    ) WITHOUT ROWID;
    CREATE INDEX invoice_relations_by_related ON invoice_relations(rfc, related_uuid);
    CREATE TABLE taxes_pending (
        invoice_id INTEGER PRIMARY KEY,
        error      TEXT
    );
    INSERT INTO taxes_pending(invoice_id)
        SELECT id FROM invoices WHERE has_xml = 1 AND damaged IS NULL AND family = 'cfdi';
    CREATE TRIGGER invoices_taxes_delete AFTER DELETE ON invoices BEGIN
        DELETE FROM invoice_taxes WHERE invoice_id = OLD.id;
        DELETE FROM payment_taxes WHERE invoice_id = OLD.id;
        DELETE FROM payment_docs WHERE invoice_id = OLD.id;
        DELETE FROM invoice_relations WHERE invoice_id = OLD.id;
        DELETE FROM taxes_pending WHERE invoice_id = OLD.id;
        UPDATE ppd_open SET total = NULL, issue_date = NULL, currency = NULL WHERE rfc = OLD.rfc AND uuid = OLD.uuid;
    END;
    CREATE TABLE ppd_open (
        rfc        TEXT NOT NULL,
        uuid       TEXT NOT NULL,
        total      REAL,
        issue_date TEXT,
        currency   TEXT,
        paid       REAL NOT NULL DEFAULT 0,
        last_paid  TEXT,
        PRIMARY KEY (rfc, uuid)
    ) WITHOUT ROWID;
    CREATE INDEX ppd_open_unpaid ON ppd_open(rfc, issue_date) WHERE total IS NOT NULL AND paid < total - 0.005;
    CREATE INDEX ppd_open_by_last ON ppd_open(rfc, last_paid, issue_date) WHERE total IS NOT NULL;
    CREATE TRIGGER payment_docs_ppd_insert AFTER INSERT ON payment_docs BEGIN
        INSERT INTO ppd_open(rfc, uuid) VALUES (NEW.rfc, NEW.paid_uuid) ON CONFLICT DO NOTHING;
        UPDATE ppd_open SET
            paid = (SELECT total(CAST(d.amount_paid AS REAL)) FROM payment_docs d
                    WHERE d.rfc = ppd_open.rfc AND d.paid_uuid = ppd_open.uuid
                      AND coalesce(d.currency, 'MXN') = coalesce(ppd_open.currency, 'MXN')),
            last_paid = (SELECT max(d.payment_date) FROM payment_docs d
                         WHERE d.rfc = ppd_open.rfc AND d.paid_uuid = ppd_open.uuid)
        WHERE rfc = NEW.rfc AND uuid = NEW.paid_uuid;
    END;
    CREATE TRIGGER payment_docs_ppd_delete AFTER DELETE ON payment_docs BEGIN
        UPDATE ppd_open SET
            paid = (SELECT total(CAST(d.amount_paid AS REAL)) FROM payment_docs d
                    WHERE d.rfc = ppd_open.rfc AND d.paid_uuid = ppd_open.uuid
                      AND coalesce(d.currency, 'MXN') = coalesce(ppd_open.currency, 'MXN')),
            last_paid = (SELECT max(d.payment_date) FROM payment_docs d
                         WHERE d.rfc = ppd_open.rfc AND d.paid_uuid = ppd_open.uuid)
        WHERE rfc = OLD.rfc AND uuid = OLD.paid_uuid;
    END;
    CREATE INDEX invoices_without_xml ON invoices(rfc, issue_date, type) WHERE has_xml = 0;
    CREATE INDEX invoices_receipts_out ON invoices(rfc, id)
        WHERE type = 'P' AND (status = 'cancelado' OR damaged IS NOT NULL);
    """
)

# Issue 18.7 — SAT's 69-B list (EFOS: taxpayers with presumed non-existent operations; rules: core/efos.py, SQL:
# store/efos.py, the file's layout: docs/efos-69b.md). ``efos_taxpayers``: one row per RFC of the list loaded
# last, its situation (presunto | desvirtuado | definitivo | sentencia_favorable), each situation's publication
# dates as ISO days (SAT's portal, Diario Oficial) and oficio global as written, the line it came from and its
# newest date (which row wins when a file repeats an RFC). ``efos_import``: that list's metadata, one row (id 1):
# the file's name, SHA-256, size and encoding, how many RFCs, when it was imported (ms), the list's own date and
# where it came from (file | newest_publication), and the import's counts (JSON). An import replaces both in one
# transaction. A profile's counterparts on the list are found through its ``parties`` and the invoices' covering
# index by party (``invoices_by_party``): no index on ``invoices`` is added here.
MIGRATIONS.append(
    """
    CREATE TABLE efos_taxpayers (
        rfc                         TEXT PRIMARY KEY,
        name                        TEXT NOT NULL,
        situation                   TEXT NOT NULL,
        line                        INTEGER NOT NULL,
        presunto_sat                TEXT,
        presunto_dof                TEXT,
        desvirtuado_sat             TEXT,
        desvirtuado_dof             TEXT,
        definitivo_sat              TEXT,
        definitivo_dof              TEXT,
        sentencia_favorable_sat     TEXT,
        sentencia_favorable_dof     TEXT,
        presunto_oficio             TEXT,
        desvirtuado_oficio          TEXT,
        definitivo_oficio           TEXT,
        sentencia_favorable_oficio  TEXT,
        newest                      TEXT NOT NULL DEFAULT ''
    ) WITHOUT ROWID;
    CREATE TABLE efos_import (
        id                INTEGER PRIMARY KEY CHECK (id = 1),
        file_name         TEXT NOT NULL,
        sha256            TEXT NOT NULL,
        size              INTEGER NOT NULL,
        encoding          TEXT NOT NULL,
        rows              INTEGER NOT NULL,
        imported_at       INTEGER NOT NULL,
        list_date         TEXT,
        list_date_source  TEXT,
        details           TEXT NOT NULL DEFAULT '{}'
    );
    """
)
# 11 — the text search of one profile among many (an accountant's home, the office server): each party's search text
# also in ``parties.search``, indexed after the RFC, so a search can read only its profile's parties. FTS5's
# trigram index holds every profile's parties: a common surname matched ~18,000 parties of 20 profiles (21 ms)
# to keep ~900; reading the profile's ~9,000 parties' texts takes ~2 ms (``InvoiceRepository._party_scan``
# says which way a search goes).
MIGRATIONS.append(
    """
    ALTER TABLE parties ADD COLUMN search TEXT NOT NULL DEFAULT '';
    UPDATE parties SET search = fold_search_text(issuer_rfc, issuer_name, receiver_rfc, receiver_name);
    CREATE INDEX parties_by_search ON parties(rfc, search);
    """
)
# 12 — the window's breakdown of whole months (direction, type, currency; cancelled apart) read from a covering
# index in that order: grouping a profile's ~18,600 monthly rows (100,000 invoices of varied codes) no longer
# sorts them (20 → 7 ms); the month and the codes follow, so a period or a code filter is answered from it too.
MIGRATIONS.append(
    f"""
    CREATE INDEX invoice_months_by_kind ON invoice_months(rfc, direction, type, currency, status, month,
        payment_method, payment_form, cfdi_use, n, {", ".join(MONTH_SUMS)});
    """
)
# 13 — a sync run's error code beside its message: ``error`` keeps core's English sentence (the CLI's
# ``lastSync.error``), ``error_code`` the code the window says in its own words. Runs from before: NULL.
MIGRATIONS.append(
    """
    ALTER TABLE sync_runs ADD COLUMN error_code TEXT;
    """
)
# 14 — a Retenciones request's metadata rows were filed with the metadata's EfectoComprobante as their type; they
# are constancias (type R, as their XML), which the totals leave apart. ``invoices_months_update`` moves their
# monthly sums.
MIGRATIONS.append(
    """
    UPDATE invoices SET type = 'R' WHERE family = 'retenciones' AND coalesce(type, '') <> 'R';
    """
)
# 15 — the search rows of a removed profile's invoices: ``InvoiceRepository.delete_for`` left them, and an invoice
# given the same id later could not be indexed (``invoices_fts`` rowid taken: every import and sync of the home
# failed with an internal error, every RFC's). Orphans are dropped; the repository now deletes them with their rows.
MIGRATIONS.append(
    """
    DELETE FROM invoices_fts WHERE rowid NOT IN (SELECT id FROM invoices);
    """
)
# 16 — ``schedules.paused``: the daily sync a deactivation stopped (1), which activating again brings back. Before,
# activation turned it back on for every profile that had ever run «sync enable», also when its owner had turned
# the daily sync off by hand before deactivating. Profiles deactivated before this migration keep that behaviour.
MIGRATIONS.append(
    """
    ALTER TABLE schedules ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
    UPDATE schedules SET paused = 1
        WHERE enabled = 0 AND rfc IN (SELECT rfc FROM profiles WHERE activated = 0 AND sync_enabled = 1);
    """
)
# 17 — the reports' MXN cents of a document in a foreign currency without a usable TipoCambio, and of a payment in
# a MonedaP other than pesos without TipoCambioP, were its amounts one for one (``index.taxes`` read a missing rate
# as 1): those documents' tax rows are read again from the vault (``taxes_pending``, at the next report), now
# summed as nothing and named in the reports' notes.
MIGRATIONS.append(
    """
    INSERT OR IGNORE INTO taxes_pending(invoice_id)
        SELECT id FROM invoices
        WHERE has_xml = 1 AND damaged IS NULL AND family = 'cfdi' AND flags LIKE '%no_exchange_rate%'
        UNION SELECT invoice_id FROM payment_docs
        WHERE upper(coalesce(payment_currency, '')) NOT IN ('', 'MXN', 'XXX')
            AND (payment_rate IS NULL OR CAST(payment_rate AS REAL) <= 0);
    """
)
