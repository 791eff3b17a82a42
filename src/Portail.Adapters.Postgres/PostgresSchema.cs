namespace Portail.Adapters.Postgres;

/// <summary>
/// The versioned schema (README, "Tables"). A migration is appended, never edited once released:
/// version n's SQL turns a schema at version n − 1 into version n. Every table but
/// <c>schema_version</c> has the tenant first in its primary key, so that each tenant's rows are
/// found, locked and distributed (Citus) by tenant.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Longest id (tenant, family, child, activity) the tables keep.</summary>
    public const int IdLength = Identifier.MaxLength;

    /// <summary>Longest first or last name of a child.</summary>
    public const int NameLength = 100;

    /// <summary>Longest school name.</summary>
    public const int SchoolLength = 200;

    /// <summary>The migrations, in order; <c>{schema}</c> stands for the quoted schema name.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "bookings, day counts, submissions, baskets, children", """
            CREATE SEQUENCE {schema}.booking_sequence AS bigint CACHE 1;

            CREATE TABLE {schema}.booking_day (
                tenant                  varchar(64) NOT NULL,
                activity                varchar(64) NOT NULL,
                day                     date        NOT NULL,
                capacity_override       integer     NULL,
                arbitrated_capacity     integer     NULL,
                over_capacity_allowance integer     NOT NULL DEFAULT 0,
                accepted                integer     NOT NULL DEFAULT 0,
                waitlisted              integer     NOT NULL DEFAULT 0,
                CONSTRAINT booking_day_pkey PRIMARY KEY (tenant, activity, day),
                CONSTRAINT booking_day_capacity_override_not_negative CHECK (capacity_override >= 0),
                CONSTRAINT booking_day_arbitrated_capacity_not_negative CHECK (arbitrated_capacity >= 0),
                CONSTRAINT booking_day_allowance_not_negative CHECK (over_capacity_allowance >= 0),
                CONSTRAINT booking_day_accepted_not_negative CHECK (accepted >= 0),
                CONSTRAINT booking_day_waitlisted_not_negative CHECK (waitlisted >= 0),
                CONSTRAINT booking_day_within_capacity CHECK (arbitrated_capacity IS NULL OR accepted <= GREATEST(arbitrated_capacity, over_capacity_allowance))
            ) WITH (fillfactor = 50);

            CREATE TABLE {schema}.booking (
                tenant      varchar(64)   NOT NULL,
                child       varchar(64)   NOT NULL,
                activity    varchar(64)   NOT NULL,
                day         date          NOT NULL,
                family      varchar(64)   NOT NULL,
                status      text          NOT NULL,
                sequence    bigint        NOT NULL,
                arrival     time          NULL,
                departure   time          NULL,
                cost        numeric(10,2) NOT NULL,
                transmitted boolean       NOT NULL DEFAULT false,
                recorded_at timestamptz   NOT NULL,
                CONSTRAINT booking_pkey PRIMARY KEY (tenant, child, activity, day),
                CONSTRAINT booking_day_fkey FOREIGN KEY (tenant, activity, day) REFERENCES {schema}.booking_day (tenant, activity, day),
                CONSTRAINT booking_status_known CHECK (status IN ('accepted', 'awaiting_answer', 'waitlisted', 'refused'))
            );
            CREATE INDEX booking_by_family ON {schema}.booking (tenant, family, day);
            CREATE INDEX booking_waiting_list ON {schema}.booking (tenant, activity, day, sequence) WHERE status = 'waitlisted';
            CREATE INDEX booking_awaiting_answer ON {schema}.booking (tenant, sequence) WHERE status = 'awaiting_answer';

            CREATE TABLE {schema}.submission (
                tenant       varchar(64) NOT NULL,
                id           uuid        NOT NULL,
                family       varchar(64) NULL,
                submitted_at timestamptz NOT NULL,
                receipt      jsonb       NULL,
                CONSTRAINT submission_pkey PRIMARY KEY (tenant, id)
            );

            CREATE TABLE {schema}.basket (
                tenant   varchar(64) NOT NULL,
                family   varchar(64) NOT NULL,
                saved_at timestamptz NOT NULL DEFAULT now(),
                CONSTRAINT basket_pkey PRIMARY KEY (tenant, family)
            );

            CREATE TABLE {schema}.basket_request (
                tenant    varchar(64) NOT NULL,
                family    varchar(64) NOT NULL,
                child     varchar(64) NOT NULL,
                activity  varchar(64) NOT NULL,
                day       date        NOT NULL,
                kind      text        NOT NULL,
                arrival   time        NULL,
                departure time        NULL,
                CONSTRAINT basket_request_pkey PRIMARY KEY (tenant, family, child, activity, day),
                CONSTRAINT basket_request_basket_fkey FOREIGN KEY (tenant, family) REFERENCES {schema}.basket (tenant, family) ON DELETE CASCADE,
                CONSTRAINT basket_request_kind_known CHECK (kind IN ('book', 'cancel'))
            );

            CREATE SEQUENCE {schema}.child_position AS bigint;

            CREATE TABLE {schema}.child (
                tenant     varchar(64)    NOT NULL,
                child      varchar(64)    NOT NULL,
                family     varchar(64)    NOT NULL,
                last_name  varchar(100)   NOT NULL,
                first_name varchar(100)   NOT NULL,
                birth_date date           NOT NULL,
                school     varchar(200)   NULL,
                enrolments varchar(64)[]  NOT NULL,
                position   bigint         NOT NULL DEFAULT nextval('{schema}.child_position'),
                CONSTRAINT child_pkey PRIMARY KEY (tenant, child)
            );
            CREATE INDEX child_by_family ON {schema}.child (tenant, family, position);
            """),
        new(2, "news items of the Accueil page", """
            CREATE TABLE {schema}.news (
                tenant    varchar(64)   NOT NULL,
                id        uuid          NOT NULL,
                structure varchar(64)   NOT NULL,
                title     varchar(200)  NOT NULL CHECK (title <> ''),
                text      varchar(8000) NOT NULL CHECK (text <> ''),
                link      text          NULL,
                first_day date          NOT NULL,
                last_day  date          NULL CHECK (last_day IS NULL OR last_day >= first_day),
                CONSTRAINT news_pkey PRIMARY KEY (tenant, id)
            );
            """),
        new(3, "wallets as an append-only ledger", """
            CREATE TABLE {schema}.wallet_movement (
                tenant      varchar(64)   NOT NULL,
                id          uuid          NOT NULL,
                position    bigint        GENERATED ALWAYS AS IDENTITY,
                family      varchar(64)   NOT NULL,
                wallet      varchar(64)   NOT NULL,
                kind        text          NOT NULL CHECK (kind IN ('payment', 'consumption', 'refund', 'correction')),
                amount      numeric(12,2) NOT NULL CHECK (amount <> 0),
                day         date          NOT NULL,
                label       varchar(500)  NOT NULL CHECK (label <> ''),
                reason      varchar(500)  NULL,
                child       varchar(64)   NULL,
                unit_price  numeric(12,2) NULL,
                quantity    numeric(10,2) NULL,
                recorded_at timestamptz   NOT NULL,
                CONSTRAINT wallet_movement_pkey PRIMARY KEY (tenant, id)
            );
            CREATE INDEX wallet_movement_family ON {schema}.wallet_movement (tenant, family, day, position);
            CREATE FUNCTION {schema}.refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'wallet movements are append-only: record a correction instead'; END $$;
            CREATE TRIGGER wallet_movement_append_only BEFORE UPDATE OR DELETE ON {schema}.wallet_movement
                FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_ledger_change();
            """),
        new(4, "family contacts, booking movements until transmitted, the mail outbox", """
            CREATE TABLE {schema}.family_contact (
                tenant     varchar(64)    NOT NULL,
                family     varchar(64)    NOT NULL,
                civility   varchar(20)    NOT NULL,
                last_name  varchar(100)   NOT NULL CHECK (last_name <> ''),
                first_name varchar(100)   NOT NULL,
                emails     varchar(254)[] NOT NULL,
                CONSTRAINT family_contact_pkey PRIMARY KEY (tenant, family)
            );

            CREATE TABLE {schema}.booking_movement (
                tenant      varchar(64) NOT NULL,
                submission  uuid        NOT NULL,
                child       varchar(64) NOT NULL,
                activity    varchar(64) NOT NULL,
                day         date        NOT NULL,
                kind        text        NOT NULL CHECK (kind IN ('book', 'cancel')),
                family      varchar(64) NOT NULL,
                status      text        NOT NULL CHECK (status IN ('accepted', 'awaiting_answer', 'waitlisted', 'refused')),
                recorded_at timestamptz NOT NULL,
                transmitted boolean     NOT NULL DEFAULT false,
                CONSTRAINT booking_movement_pkey PRIMARY KEY (tenant, submission, child, activity, day, kind)
            );
            CREATE INDEX booking_movement_pending ON {schema}.booking_movement (tenant, recorded_at) WHERE NOT transmitted;
            CREATE INDEX booking_untransmitted ON {schema}.booking (tenant, recorded_at) WHERE NOT transmitted;

            CREATE TABLE {schema}.mail_outbox (
                tenant          varchar(64)   NOT NULL,
                id              uuid          NOT NULL,
                family          varchar(64)   NOT NULL,
                kind            varchar(64)   NOT NULL,
                payload         text          NOT NULL,
                created_at      timestamptz   NOT NULL,
                state           text          NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
                attempts        integer       NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                next_attempt_at timestamptz   NOT NULL,
                lease           uuid          NULL,
                lease_until     timestamptz   NULL,
                last_error      varchar(2000) NULL,
                settled_at      timestamptz   NULL,
                CONSTRAINT mail_outbox_pkey PRIMARY KEY (tenant, id),
                CONSTRAINT mail_outbox_leased_while_sending CHECK ((state = 'sending') = (lease IS NOT NULL AND lease_until IS NOT NULL)),
                CONSTRAINT mail_outbox_settled_when_done CHECK ((state IN ('sent', 'failed')) = (settled_at IS NOT NULL))
            );
            CREATE INDEX mail_outbox_due ON {schema}.mail_outbox (next_attempt_at) WHERE state = 'pending';
            CREATE INDEX mail_outbox_leased ON {schema}.mail_outbox (lease_until) WHERE state = 'sending';
            CREATE INDEX mail_outbox_listed ON {schema}.mail_outbox (tenant, created_at);
            """),
        new(5, "how payments were made and refunds paid: mode, piece number, payer, bank", """
            ALTER TABLE {schema}.wallet_movement
                ADD COLUMN payment_mode  varchar(16)  NULL,
                ADD COLUMN payment_piece varchar(100) NULL,
                ADD COLUMN payment_payer varchar(100) NULL,
                ADD COLUMN payment_bank  varchar(100) NULL;
            """),
        new(6, "accounts, sign-in failures, password reset tokens", """
            CREATE TABLE {schema}.account (
                tenant              varchar(64)  NOT NULL,
                login               varchar(64)  NOT NULL,
                kind                text         NOT NULL CHECK (kind IN ('family', 'agent')),
                family              varchar(64)  NULL,
                password_hash       varchar(512) NOT NULL CHECK (password_hash <> ''),
                must_change         boolean      NOT NULL,
                password_changed_at timestamptz  NOT NULL,
                consents            jsonb        NOT NULL CHECK (jsonb_typeof(consents) = 'array'),
                guardians           jsonb        NOT NULL CHECK (jsonb_typeof(guardians) = 'array'),
                shared_children     jsonb        NOT NULL CHECK (jsonb_typeof(shared_children) = 'array'),
                grants              jsonb        NOT NULL CHECK (jsonb_typeof(grants) = 'array'),
                CONSTRAINT account_pkey PRIMARY KEY (tenant, login),
                CONSTRAINT account_family_iff_family_kind CHECK ((kind = 'family') = (family IS NOT NULL))
            );
            CREATE INDEX account_family ON {schema}.account (tenant, family) WHERE family IS NOT NULL;

            CREATE TABLE {schema}.sign_in_failure (
                tenant          varchar(64)  NOT NULL,
                key             varchar(200) NOT NULL,
                count           integer      NOT NULL CHECK (count > 0),
                window_start    timestamptz  NOT NULL,
                last_failure_at timestamptz  NOT NULL,
                locked_until    timestamptz  NULL,
                CONSTRAINT sign_in_failure_pkey PRIMARY KEY (tenant, key)
            );

            CREATE TABLE {schema}.reset_token (
                tenant     varchar(64) NOT NULL,
                token_hash char(64)    NOT NULL,
                login      varchar(64) NOT NULL,
                created_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
                CONSTRAINT reset_token_pkey PRIMARY KEY (tenant, token_hash),
                CONSTRAINT reset_token_account_fkey FOREIGN KEY (tenant, login) REFERENCES {schema}.account (tenant, login) ON DELETE CASCADE
            );
            CREATE INDEX reset_token_login ON {schema}.reset_token (tenant, login);
            """),
        new(7, "online payment attempts and their log", """
            CREATE TABLE {schema}.payment_attempt (
                tenant             varchar(64)  NOT NULL,
                id                 uuid         NOT NULL,
                family             varchar(64)  NOT NULL,
                reference          varchar(30)  NOT NULL CHECK (length(reference) >= 6),
                lines              jsonb        NOT NULL CHECK (jsonb_typeof(lines) = 'array'),
                email              varchar(80)  NOT NULL,
                created_at         timestamptz  NOT NULL,
                state              text         NOT NULL CHECK (state IN ('created', 'awaiting_payment', 'pending', 'paid', 'refused', 'abandoned', 'cancelled', 'expired')),
                version            bigint       NOT NULL CHECK (version >= 1),
                provider_reference varchar(500) NULL,
                updated_at         timestamptz  NOT NULL,
                next_check_at      timestamptz  NULL,
                failures           integer      NOT NULL DEFAULT 0 CHECK (failures >= 0),
                authorisation      varchar(500) NULL,
                paid_at            timestamptz  NULL,
                is_test            boolean      NOT NULL DEFAULT false,
                alert              varchar(500) NULL,
                last_error         varchar(500) NULL,
                CONSTRAINT payment_attempt_pkey PRIMARY KEY (tenant, id),
                CONSTRAINT payment_attempt_reference UNIQUE (tenant, reference)
            );
            CREATE UNIQUE INDEX payment_attempt_provider ON {schema}.payment_attempt (tenant, provider_reference) WHERE provider_reference IS NOT NULL;
            CREATE UNIQUE INDEX payment_attempt_live ON {schema}.payment_attempt (tenant, family) WHERE state IN ('created', 'awaiting_payment', 'pending', 'abandoned');
            CREATE INDEX payment_attempt_due ON {schema}.payment_attempt (next_check_at) WHERE next_check_at IS NOT NULL;
            CREATE INDEX payment_attempt_listed ON {schema}.payment_attempt (tenant, created_at);

            CREATE TABLE {schema}.payment_log (
                tenant             varchar(64)  NOT NULL,
                id                 uuid         NOT NULL,
                position           bigint       GENERATED ALWAYS AS IDENTITY,
                at                 timestamptz  NOT NULL,
                source             text         NOT NULL CHECK (source IN ('notification', 'return', 'reconciliation', 'on_demand')),
                provider_reference varchar(500) NULL,
                attempt            uuid         NULL,
                outcome            varchar(500) NOT NULL CHECK (outcome <> ''),
                CONSTRAINT payment_log_pkey PRIMARY KEY (tenant, id)
            );
            CREATE INDEX payment_log_attempt ON {schema}.payment_log (tenant, attempt, position);
            CREATE FUNCTION {schema}.refuse_payment_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the payment log is append-only'; END $$;
            CREATE TRIGGER payment_log_append_only BEFORE UPDATE OR DELETE ON {schema}.payment_log
                FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_payment_log_change();
            """),
        new(8, "family files: fiches, their transitions, contacts, referentials, health reads", """
            CREATE TABLE {schema}.dossier_fiche (
                tenant      varchar(64)   NOT NULL,
                family      varchar(64)   NOT NULL,
                kind        text          NOT NULL CHECK (kind IN ('holder', 'other_guardian', 'insurance', 'authorisations', 'contacts', 'health', 'internal_rules')),
                subject     varchar(64)   NOT NULL,
                structure   varchar(64)   NOT NULL,
                state       text          NOT NULL CHECK (state IN ('to_fill', 'draft', 'submitted', 'rejected', 'validated', 'to_update')),
                version     bigint        NOT NULL CHECK (version >= 1),
                content     jsonb         NULL CHECK (jsonb_typeof(content) = 'object'),
                files       jsonb         NOT NULL CHECK (jsonb_typeof(files) = 'array'),
                reason      varchar(1000) NULL,
                state_since timestamptz   NOT NULL,
                CONSTRAINT dossier_fiche_pkey PRIMARY KEY (tenant, family, kind, subject, structure)
            );
            CREATE INDEX dossier_fiche_queue ON {schema}.dossier_fiche (tenant, state, state_since);

            CREATE TABLE {schema}.dossier_transition (
                tenant     varchar(64)   NOT NULL,
                id         uuid          NOT NULL,
                position   bigint        GENERATED ALWAYS AS IDENTITY,
                family     varchar(64)   NOT NULL,
                kind       text          NOT NULL,
                subject    varchar(64)   NOT NULL,
                structure  varchar(64)   NOT NULL,
                at         timestamptz   NOT NULL,
                by_login   varchar(64)   NOT NULL,
                on_behalf  boolean       NOT NULL,
                action     text          NOT NULL CHECK (action IN ('save_draft', 'submit', 'validate', 'reject', 'require_update')),
                from_state text          NOT NULL,
                to_state   text          NOT NULL,
                reason     varchar(1000) NULL,
                CONSTRAINT dossier_transition_pkey PRIMARY KEY (tenant, id)
            );
            CREATE INDEX dossier_transition_family ON {schema}.dossier_transition (tenant, family, position);

            CREATE TABLE {schema}.dossier_contacts (
                tenant   varchar(64) NOT NULL,
                family   varchar(64) NOT NULL,
                version  bigint      NOT NULL CHECK (version >= 1),
                contacts jsonb       NOT NULL CHECK (jsonb_typeof(contacts) = 'array'),
                CONSTRAINT dossier_contacts_pkey PRIMARY KEY (tenant, family)
            );

            CREATE TABLE {schema}.dossier_reference (
                tenant     varchar(64)  NOT NULL,
                kind       text         NOT NULL CHECK (kind IN ('insurer', 'doctor')),
                id         varchar(64)  NOT NULL,
                name       varchar(200) NOT NULL CHECK (name <> ''),
                search_key text         NOT NULL,
                address    varchar(200) NOT NULL,
                phone      varchar(200) NOT NULL,
                created_by varchar(64)  NULL,
                created_at timestamptz  NOT NULL,
                CONSTRAINT dossier_reference_pkey PRIMARY KEY (tenant, kind, id)
            );
            CREATE INDEX dossier_reference_key ON {schema}.dossier_reference (tenant, kind, search_key COLLATE "C");

            CREATE TABLE {schema}.dossier_health_read (
                tenant   varchar(64) NOT NULL,
                id       uuid        NOT NULL,
                position bigint      GENERATED ALWAYS AS IDENTITY,
                at       timestamptz NOT NULL,
                agent    varchar(64) NOT NULL,
                family   varchar(64) NOT NULL,
                child    varchar(64) NOT NULL,
                what     varchar(64) NOT NULL CHECK (what <> ''),
                CONSTRAINT dossier_health_read_pkey PRIMARY KEY (tenant, id)
            );
            CREATE INDEX dossier_health_read_listed ON {schema}.dossier_health_read (tenant, position);

            CREATE FUNCTION {schema}.refuse_dossier_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the fiche transitions and the health read log are append-only'; END $$;
            CREATE TRIGGER dossier_transition_append_only BEFORE UPDATE OR DELETE ON {schema}.dossier_transition
                FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_dossier_log_change();
            CREATE TRIGGER dossier_health_read_append_only BEFORE UPDATE OR DELETE ON {schema}.dossier_health_read
                FOR EACH ROW EXECUTE FUNCTION {schema}.refuse_dossier_log_change();
            """),
    ];

    /// <summary>The version this package writes and reads.</summary>
    public static int Latest => Migrations[^1].Version;

    /// <summary>One step of the schema.</summary>
    /// <param name="Version">The version it produces.</param>
    /// <param name="Description">What it adds, recorded in <c>schema_version</c>.</param>
    /// <param name="Sql">Its statements, <c>{schema}</c> standing for the quoted schema.</param>
    internal sealed record Migration(int Version, string Description, string Sql);
}
