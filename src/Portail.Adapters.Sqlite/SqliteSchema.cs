using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Portail.Adapters.Sqlite;

/// <summary>
/// The versioned schema (documented table by table in the package README). The version is SQLite's
/// <c>PRAGMA user_version</c>; <c>PRAGMA application_id</c> marks the file as Portail's. Migrations
/// run in one <c>BEGIN IMMEDIATE</c> transaction, so two processes starting at once apply them
/// once, and a process killed half-way leaves the previous version whole.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this code reads and writes.</summary>
    public const int Version = 8;

    /// <summary>"Port", in the file header: a Portail database.</summary>
    public const int ApplicationId = 0x506F7274;

    /// <summary>The script that takes the schema from version <c>index</c> to <c>index + 1</c>. Append, never edit.</summary>
    private static readonly string[] Migrations =
    [
        """
        -- One activity on one day of a tenant: the agent's capacity override and the counts
        -- arbitration reads. The CHECK backs capacity up: a commit may leave more accepted than the
        -- capacity only when it found them there (a lowered capacity cancels no one).
        CREATE TABLE day (
            tenant                  TEXT    NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            activity                TEXT    NOT NULL CHECK (length(activity) BETWEEN 1 AND 64),
            date                    TEXT    NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            capacity_override       INTEGER CHECK (capacity_override >= 0),
            capacity                INTEGER CHECK (capacity >= 0),
            over_capacity_allowance INTEGER NOT NULL DEFAULT 0 CHECK (over_capacity_allowance >= 0),
            accepted                INTEGER NOT NULL DEFAULT 0 CHECK (accepted >= 0),
            waitlisted              INTEGER NOT NULL DEFAULT 0 CHECK (waitlisted >= 0),
            PRIMARY KEY (tenant, activity, date),
            CHECK (capacity IS NULL OR accepted <= MAX(capacity, over_capacity_allowance))
        ) STRICT, WITHOUT ROWID;

        -- A child's booking or request (any state) of one activity on one day.
        CREATE TABLE booking (
            tenant      TEXT    NOT NULL,
            child       TEXT    NOT NULL CHECK (length(child) BETWEEN 1 AND 64),
            activity    TEXT    NOT NULL,
            date        TEXT    NOT NULL,
            family      TEXT    NOT NULL CHECK (length(family) BETWEEN 1 AND 64),
            status      TEXT    NOT NULL CHECK (status IN ('accepted', 'awaiting_answer', 'waitlisted', 'refused')),
            sequence    INTEGER NOT NULL CHECK (sequence > 0),
            cost        TEXT    NOT NULL CHECK (cost GLOB '*[0-9]*' AND cost NOT GLOB '*[^0-9.-]*'),
            transmitted INTEGER NOT NULL CHECK (transmitted IN (0, 1)),
            recorded_at TEXT    NOT NULL CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-*Z'),
            arrival     TEXT    CHECK (arrival GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]*'),
            departure   TEXT    CHECK (departure GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]*'),
            PRIMARY KEY (tenant, child, activity, date),
            FOREIGN KEY (tenant, activity, date) REFERENCES day (tenant, activity, date)
        ) STRICT, WITHOUT ROWID;
        CREATE UNIQUE INDEX booking_sequence ON booking (tenant, sequence);
        CREATE INDEX booking_day ON booking (tenant, activity, date, status, sequence);
        CREATE INDEX booking_family ON booking (tenant, family, date, sequence);
        CREATE INDEX booking_awaiting ON booking (tenant, sequence) WHERE status = 'awaiting_answer';

        -- The last sequence number handed out in a tenant: it orders the waiting lists.
        CREATE TABLE tenant_sequence (
            tenant TEXT    NOT NULL PRIMARY KEY CHECK (length(tenant) BETWEEN 1 AND 64),
            last   INTEGER NOT NULL CHECK (last >= 0)
        ) STRICT, WITHOUT ROWID;

        -- The receipt of every applied commit, so that a submission is applied once.
        CREATE TABLE submission (
            tenant       TEXT NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            id           TEXT NOT NULL CHECK (length(id) = 36),
            committed_at TEXT NOT NULL,
            receipt      TEXT NOT NULL CHECK (json_valid(receipt)),
            PRIMARY KEY (tenant, id)
        ) STRICT, WITHOUT ROWID;

        -- A family's basket: pending requests, a draft until the final validation.
        CREATE TABLE basket_request (
            tenant    TEXT NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            family    TEXT NOT NULL CHECK (length(family) BETWEEN 1 AND 64),
            child     TEXT NOT NULL CHECK (length(child) BETWEEN 1 AND 64),
            activity  TEXT NOT NULL CHECK (length(activity) BETWEEN 1 AND 64),
            date      TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            kind      TEXT NOT NULL CHECK (kind IN ('book', 'cancel')),
            arrival   TEXT CHECK (arrival GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]*'),
            departure TEXT CHECK (departure GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]*'),
            PRIMARY KEY (tenant, family, child, activity, date)
        ) STRICT, WITHOUT ROWID;

        -- The children of the tenant's families; position keeps the order they were added in.
        CREATE TABLE child (
            tenant     TEXT    NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            id         TEXT    NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
            family     TEXT    NOT NULL CHECK (length(family) BETWEEN 1 AND 64),
            position   INTEGER NOT NULL CHECK (position > 0),
            last_name  TEXT    NOT NULL CHECK (length(last_name) <= 200),
            first_name TEXT    NOT NULL CHECK (length(first_name) <= 200),
            birth_date TEXT    NOT NULL CHECK (birth_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            school     TEXT    CHECK (length(school) <= 200),
            enrolments TEXT    NOT NULL CHECK (json_valid(enrolments) AND json_type(enrolments) = 'array'),
            PRIMARY KEY (tenant, id)
        ) STRICT, WITHOUT ROWID;
        CREATE UNIQUE INDEX child_position ON child (tenant, position);
        CREATE INDEX child_family ON child (tenant, family, position);
        """,
        """
        -- News items of the Accueil page (R-TEN-2), shown from first_day to last_day (NULL: no end).
        CREATE TABLE news (
            tenant    TEXT NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            id        TEXT NOT NULL CHECK (length(id) = 36),
            structure TEXT NOT NULL CHECK (length(structure) BETWEEN 1 AND 64),
            title     TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
            text      TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 8000),
            link      TEXT,
            first_day TEXT NOT NULL,
            last_day  TEXT CHECK (last_day IS NULL OR last_day >= first_day),
            PRIMARY KEY (tenant, id)
        ) STRICT, WITHOUT ROWID;
        """,
        """
        -- The wallets as a ledger (R-WAL-1): append-only; the triggers refuse any change or deletion.
        CREATE TABLE wallet_movement (
            position    INTEGER PRIMARY KEY,
            tenant      TEXT NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            id          TEXT NOT NULL CHECK (length(id) = 36),
            family      TEXT NOT NULL CHECK (length(family) BETWEEN 1 AND 64),
            wallet      TEXT NOT NULL CHECK (length(wallet) BETWEEN 1 AND 64),
            kind        TEXT NOT NULL CHECK (kind IN ('payment', 'consumption', 'refund', 'correction')),
            amount      TEXT NOT NULL CHECK (amount <> '0'),
            day         TEXT NOT NULL,
            label       TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 500),
            reason      TEXT CHECK (reason IS NULL OR length(reason) <= 500),
            child       TEXT CHECK (child IS NULL OR length(child) BETWEEN 1 AND 64),
            unit_price  TEXT,
            quantity    TEXT,
            recorded_at TEXT NOT NULL,
            UNIQUE (tenant, id)
        ) STRICT;
        CREATE INDEX wallet_movement_family ON wallet_movement (tenant, family, day, position);
        CREATE TRIGGER wallet_movement_no_update BEFORE UPDATE ON wallet_movement BEGIN SELECT RAISE(ABORT, 'wallet movements are append-only'); END;
        CREATE TRIGGER wallet_movement_no_delete BEFORE DELETE ON wallet_movement BEGIN SELECT RAISE(ABORT, 'wallet movements are append-only'); END;
        """,
        """
        -- Whom the mails are written to (R-ACC-5): the holder's civility and name, the addresses (JSON array, in order).
        CREATE TABLE family_contact (
            tenant     TEXT NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            family     TEXT NOT NULL CHECK (length(family) BETWEEN 1 AND 64),
            civility   TEXT NOT NULL CHECK (length(civility) <= 20),
            last_name  TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
            first_name TEXT NOT NULL CHECK (length(first_name) <= 100),
            emails     TEXT NOT NULL CHECK (json_valid(emails) AND json_type(emails) = 'array'),
            PRIMARY KEY (tenant, family)
        ) STRICT, WITHOUT ROWID;

        -- The requests of the commits (new bookings with their state, cancellations), until the nightly
        -- transmission reports them (R-NTF-1). Instants are fixed-width text, so that they compare as text.
        CREATE TABLE booking_movement (
            tenant      TEXT    NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            submission  TEXT    NOT NULL CHECK (length(submission) = 36),
            child       TEXT    NOT NULL CHECK (length(child) BETWEEN 1 AND 64),
            activity    TEXT    NOT NULL CHECK (length(activity) BETWEEN 1 AND 64),
            date        TEXT    NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            kind        TEXT    NOT NULL CHECK (kind IN ('book', 'cancel')),
            family      TEXT    NOT NULL CHECK (length(family) BETWEEN 1 AND 64),
            status      TEXT    NOT NULL CHECK (status IN ('accepted', 'awaiting_answer', 'waitlisted', 'refused')),
            recorded_at TEXT    NOT NULL CHECK (length(recorded_at) = 30),
            transmitted INTEGER NOT NULL DEFAULT 0 CHECK (transmitted IN (0, 1)),
            PRIMARY KEY (tenant, submission, child, activity, date, kind)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX booking_movement_pending ON booking_movement (tenant, recorded_at) WHERE transmitted = 0;
        CREATE INDEX booking_untransmitted ON booking (tenant) WHERE transmitted = 0;

        -- The outbox (ARCHITECTURE.md must 6): a mail is 'sending' exactly while a dispatcher's lease holds it.
        CREATE TABLE mail_outbox (
            tenant          TEXT    NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            id              TEXT    NOT NULL CHECK (length(id) = 36),
            family          TEXT    NOT NULL CHECK (length(family) BETWEEN 1 AND 64),
            kind            TEXT    NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
            payload         TEXT    NOT NULL CHECK (json_valid(payload)),
            created_at      TEXT    NOT NULL CHECK (length(created_at) = 30),
            state           TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
            attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            next_attempt_at TEXT    NOT NULL CHECK (length(next_attempt_at) = 30),
            lease           TEXT    CHECK (length(lease) = 36),
            lease_until     TEXT    CHECK (length(lease_until) = 30),
            last_error      TEXT    CHECK (length(last_error) <= 2000),
            settled_at      TEXT    CHECK (length(settled_at) = 30),
            PRIMARY KEY (tenant, id),
            CHECK ((state = 'sending') = (lease IS NOT NULL AND lease_until IS NOT NULL)),
            CHECK ((state IN ('sent', 'failed')) = (settled_at IS NOT NULL))
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE state = 'pending';
        CREATE INDEX mail_outbox_leased ON mail_outbox (lease_until) WHERE state = 'sending';
        CREATE INDEX mail_outbox_listed ON mail_outbox (tenant, created_at);
        """,
        """
        -- How a payment was made or a refund paid (R-PAY-5, R-HIS-2): the mode's code, the piece number, the payer, the bank.
        ALTER TABLE wallet_movement ADD COLUMN payment_mode  TEXT CHECK (payment_mode IS NULL OR length(payment_mode) BETWEEN 1 AND 16);
        ALTER TABLE wallet_movement ADD COLUMN payment_piece TEXT CHECK (payment_piece IS NULL OR length(payment_piece) <= 100);
        ALTER TABLE wallet_movement ADD COLUMN payment_payer TEXT CHECK (payment_payer IS NULL OR length(payment_payer) <= 100);
        ALTER TABLE wallet_movement ADD COLUMN payment_bank  TEXT CHECK (payment_bank IS NULL OR length(payment_bank) <= 100);
        """,
        """
        -- Accounts (R-ACC-1, R-ACC-6, R-ACC-7): a family account acts for its family; an agent holds grants.
        -- The lists are JSON arrays as the core writes them (AccountJson). Instants are fixed-width text.
        CREATE TABLE account (
            tenant              TEXT    NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            login               TEXT    NOT NULL CHECK (length(login) BETWEEN 1 AND 64),
            kind                TEXT    NOT NULL CHECK (kind IN ('family', 'agent')),
            family              TEXT    CHECK (length(family) BETWEEN 1 AND 64),
            password_hash       TEXT    NOT NULL CHECK (length(password_hash) BETWEEN 1 AND 512),
            must_change         INTEGER NOT NULL CHECK (must_change IN (0, 1)),
            password_changed_at TEXT    NOT NULL CHECK (length(password_changed_at) = 30),
            consents            TEXT    NOT NULL CHECK (json_valid(consents) AND json_type(consents) = 'array'),
            guardians           TEXT    NOT NULL CHECK (json_valid(guardians) AND json_type(guardians) = 'array'),
            shared_children     TEXT    NOT NULL CHECK (json_valid(shared_children) AND json_type(shared_children) = 'array'),
            grants              TEXT    NOT NULL CHECK (json_valid(grants) AND json_type(grants) = 'array'),
            PRIMARY KEY (tenant, login),
            CHECK ((kind = 'family') = (family IS NOT NULL))
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX account_family ON account (tenant, family) WHERE family IS NOT NULL;

        -- Failed sign-ins counted per login id or network address (R-ACC-2), and the lock of the count.
        CREATE TABLE sign_in_failure (
            tenant          TEXT    NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            key             TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
            count           INTEGER NOT NULL CHECK (count > 0),
            window_start    TEXT    NOT NULL CHECK (length(window_start) = 30),
            last_failure_at TEXT    NOT NULL CHECK (length(last_failure_at) = 30),
            locked_until    TEXT    CHECK (length(locked_until) = 30),
            PRIMARY KEY (tenant, key)
        ) STRICT, WITHOUT ROWID;

        -- Password reset tokens (R-ACC-4): their SHA-256 only; deleted when used and at any password change.
        CREATE TABLE reset_token (
            tenant     TEXT NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            token_hash TEXT NOT NULL CHECK (length(token_hash) = 64),
            login      TEXT NOT NULL,
            created_at TEXT NOT NULL CHECK (length(created_at) = 30),
            expires_at TEXT NOT NULL CHECK (length(expires_at) = 30 AND expires_at > created_at),
            PRIMARY KEY (tenant, token_hash),
            FOREIGN KEY (tenant, login) REFERENCES account (tenant, login) ON DELETE CASCADE
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX reset_token_login ON reset_token (tenant, login);
        """,
        """
        -- Online payment attempts (R-PAY): one per click on Paiement CB. Changed by conditional updates on
        -- version; at most one live attempt per family (the partial unique index); the credit of a paid
        -- attempt goes to wallet_movement under ids derived from the attempt, in the same transaction.
        CREATE TABLE payment_attempt (
            tenant             TEXT    NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            id                 TEXT    NOT NULL CHECK (length(id) = 36),
            family             TEXT    NOT NULL CHECK (length(family) BETWEEN 1 AND 64),
            reference          TEXT    NOT NULL CHECK (length(reference) BETWEEN 6 AND 30),
            lines              TEXT    NOT NULL CHECK (json_valid(lines) AND json_type(lines) = 'array'),
            email              TEXT    NOT NULL CHECK (length(email) BETWEEN 6 AND 80),
            created_at         TEXT    NOT NULL,
            state              TEXT    NOT NULL CHECK (state IN ('created', 'awaiting_payment', 'pending', 'paid', 'refused', 'abandoned', 'cancelled', 'expired')),
            version            INTEGER NOT NULL CHECK (version >= 1),
            provider_reference TEXT    CHECK (provider_reference IS NULL OR length(provider_reference) BETWEEN 1 AND 500),
            updated_at         TEXT    NOT NULL,
            next_check_at      TEXT,
            failures           INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
            authorisation      TEXT    CHECK (authorisation IS NULL OR length(authorisation) <= 500),
            paid_at            TEXT,
            is_test            INTEGER NOT NULL DEFAULT 0 CHECK (is_test IN (0, 1)),
            alert              TEXT    CHECK (alert IS NULL OR length(alert) <= 500),
            last_error         TEXT    CHECK (last_error IS NULL OR length(last_error) <= 500),
            PRIMARY KEY (tenant, id),
            UNIQUE (tenant, reference)
        ) STRICT, WITHOUT ROWID;
        CREATE UNIQUE INDEX payment_attempt_provider ON payment_attempt (tenant, provider_reference) WHERE provider_reference IS NOT NULL;
        CREATE UNIQUE INDEX payment_attempt_live ON payment_attempt (tenant, family) WHERE state IN ('created', 'awaiting_payment', 'pending', 'abandoned');
        CREATE INDEX payment_attempt_due ON payment_attempt (next_check_at) WHERE next_check_at IS NOT NULL;
        CREATE INDEX payment_attempt_listed ON payment_attempt (tenant, created_at);

        -- Every callback and check of a payment, with what came of it (R-PAY-3); append-only.
        CREATE TABLE payment_log (
            position           INTEGER PRIMARY KEY,
            tenant             TEXT NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            id                 TEXT NOT NULL CHECK (length(id) = 36),
            at                 TEXT NOT NULL,
            source             TEXT NOT NULL CHECK (source IN ('notification', 'return', 'reconciliation', 'on_demand')),
            provider_reference TEXT CHECK (provider_reference IS NULL OR length(provider_reference) <= 500),
            attempt            TEXT CHECK (attempt IS NULL OR length(attempt) = 36),
            outcome            TEXT NOT NULL CHECK (length(outcome) BETWEEN 1 AND 500),
            UNIQUE (tenant, id)
        ) STRICT;
        CREATE INDEX payment_log_attempt ON payment_log (tenant, attempt, position);
        CREATE TRIGGER payment_log_no_update BEFORE UPDATE ON payment_log BEGIN SELECT RAISE(ABORT, 'the payment log is append-only'); END;
        CREATE TRIGGER payment_log_no_delete BEFORE DELETE ON payment_log BEGIN SELECT RAISE(ABORT, 'the payment log is append-only'); END;
        """,
        """
        -- The family files (R-DOS): one row per fiche saved, changed by conditional updates on version;
        -- its content and files' metadata are JSON as the core writes them (DossierJson); the files' bytes
        -- live outside the database (IAttachmentFiles). subject and structure are '' when they do not apply.
        CREATE TABLE dossier_fiche (
            tenant      TEXT    NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            family      TEXT    NOT NULL CHECK (length(family) BETWEEN 1 AND 64),
            kind        TEXT    NOT NULL CHECK (kind IN ('holder', 'other_guardian', 'insurance', 'authorisations', 'contacts', 'health', 'internal_rules')),
            subject     TEXT    NOT NULL CHECK (length(subject) <= 64),
            structure   TEXT    NOT NULL CHECK (length(structure) <= 64),
            state       TEXT    NOT NULL CHECK (state IN ('to_fill', 'draft', 'submitted', 'rejected', 'validated', 'to_update')),
            version     INTEGER NOT NULL CHECK (version >= 1),
            content     TEXT    CHECK (content IS NULL OR json_valid(content)),
            files       TEXT    NOT NULL CHECK (json_valid(files) AND json_type(files) = 'array'),
            reason      TEXT    CHECK (reason IS NULL OR length(reason) <= 1000),
            state_since TEXT    NOT NULL CHECK (length(state_since) = 30),
            PRIMARY KEY (tenant, family, kind, subject, structure)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX dossier_fiche_queue ON dossier_fiche (tenant, state, state_since);

        -- Every change of a fiche's state (who, when, from, to, why, on the family's behalf); append-only.
        CREATE TABLE dossier_transition (
            position   INTEGER PRIMARY KEY,
            tenant     TEXT    NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            id         TEXT    NOT NULL CHECK (length(id) = 36),
            family     TEXT    NOT NULL CHECK (length(family) BETWEEN 1 AND 64),
            kind       TEXT    NOT NULL,
            subject    TEXT    NOT NULL,
            structure  TEXT    NOT NULL,
            at         TEXT    NOT NULL CHECK (length(at) = 30),
            by_login   TEXT    NOT NULL CHECK (length(by_login) BETWEEN 1 AND 64),
            on_behalf  INTEGER NOT NULL CHECK (on_behalf IN (0, 1)),
            action     TEXT    NOT NULL CHECK (action IN ('save_draft', 'submit', 'validate', 'reject', 'require_update')),
            from_state TEXT    NOT NULL,
            to_state   TEXT    NOT NULL,
            reason     TEXT    CHECK (reason IS NULL OR length(reason) <= 1000),
            UNIQUE (tenant, id)
        ) STRICT;
        CREATE INDEX dossier_transition_family ON dossier_transition (tenant, family, position);
        CREATE TRIGGER dossier_transition_no_update BEFORE UPDATE ON dossier_transition BEGIN SELECT RAISE(ABORT, 'the fiche transitions are append-only'); END;
        CREATE TRIGGER dossier_transition_no_delete BEFORE DELETE ON dossier_transition BEGIN SELECT RAISE(ABORT, 'the fiche transitions are append-only'); END;

        -- The family's contacts (R-DOS-10), a JSON array, changed by conditional updates on version.
        CREATE TABLE dossier_contacts (
            tenant   TEXT    NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            family   TEXT    NOT NULL CHECK (length(family) BETWEEN 1 AND 64),
            version  INTEGER NOT NULL CHECK (version >= 1),
            contacts TEXT    NOT NULL CHECK (json_valid(contacts) AND json_type(contacts) = 'array'),
            PRIMARY KEY (tenant, family)
        ) STRICT, WITHOUT ROWID;

        -- Insurers and doctors created by families or agents (R-DOS-8, R-DOS-11), searched by the first letters of search_key.
        CREATE TABLE dossier_reference (
            tenant     TEXT NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            kind       TEXT NOT NULL CHECK (kind IN ('insurer', 'doctor')),
            id         TEXT NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
            name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
            search_key TEXT NOT NULL,
            address    TEXT NOT NULL CHECK (length(address) <= 200),
            phone      TEXT NOT NULL CHECK (length(phone) <= 200),
            created_by TEXT CHECK (created_by IS NULL OR length(created_by) BETWEEN 1 AND 64),
            created_at TEXT NOT NULL CHECK (length(created_at) = 30),
            PRIMARY KEY (tenant, kind, id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX dossier_reference_key ON dossier_reference (tenant, kind, search_key);

        -- Every read of a child's health data by an agent (R-DOS-11); append-only.
        CREATE TABLE dossier_health_read (
            position INTEGER PRIMARY KEY,
            tenant   TEXT NOT NULL CHECK (length(tenant) BETWEEN 1 AND 64),
            id       TEXT NOT NULL CHECK (length(id) = 36),
            at       TEXT NOT NULL CHECK (length(at) = 30),
            agent    TEXT NOT NULL CHECK (length(agent) BETWEEN 1 AND 64),
            family   TEXT NOT NULL CHECK (length(family) BETWEEN 1 AND 64),
            child    TEXT NOT NULL CHECK (length(child) BETWEEN 1 AND 64),
            what     TEXT NOT NULL CHECK (length(what) BETWEEN 1 AND 64),
            UNIQUE (tenant, id)
        ) STRICT;
        CREATE TRIGGER dossier_health_read_no_update BEFORE UPDATE ON dossier_health_read BEGIN SELECT RAISE(ABORT, 'the health read log is append-only'); END;
        CREATE TRIGGER dossier_health_read_no_delete BEFORE DELETE ON dossier_health_read BEGIN SELECT RAISE(ABORT, 'the health read log is append-only'); END;
        """,
    ];

    /// <summary>
    /// Brings the database to <see cref="Version"/>: switches it to WAL, then, in one
    /// <c>BEGIN IMMEDIATE</c> transaction, applies the missing scripts. Idempotent. Refuses a file
    /// whose schema is newer than this code, or that another application marked as its own.
    /// </summary>
    public static void Migrate(SqliteConnection connection, string source)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!string.Equals(Pragma(connection, null, "journal_mode"), "wal", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(Pragma(connection, null, "journal_mode = WAL"), "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The SQLite database '{source}' cannot be switched to WAL journaling, which the Portail store needs for concurrent readers and writers: give a file on a local disk.");
        }

        if (Check(connection, null, source) == Version)
        {
            return;
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        var found = Check(connection, transaction, source);
        for (var version = found; version < Version; version++)
        {
            Run(connection, transaction, Migrations[version]);
        }

        Run(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {Version};"));
        transaction.Commit();
    }

    // The file's version, after refusing a newer schema or another application's file.
    private static int Check(SqliteConnection connection, SqliteTransaction? transaction, string source)
    {
        var version = Convert.ToInt32(Pragma(connection, transaction, "user_version"), CultureInfo.InvariantCulture);
        var application = Convert.ToInt32(Pragma(connection, transaction, "application_id"), CultureInfo.InvariantCulture);
        if (application != ApplicationId && (application != 0 || version != 0))
        {
            throw new InvalidOperationException(
                $"The SQLite database '{source}' belongs to another application (application_id {application}, user_version {version}): give Portail a file of its own.");
        }

        if (version > Version)
        {
            throw new InvalidOperationException(
                $"The database schema version {version} of '{source}' is newer than this Portail.Adapters.Sqlite ({Version}): upgrade the package (a newer Portail has already migrated this file).");
        }

        return version;
    }

    private static string? Pragma(SqliteConnection connection, SqliteTransaction? transaction, string pragma)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA " + pragma;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Run(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
